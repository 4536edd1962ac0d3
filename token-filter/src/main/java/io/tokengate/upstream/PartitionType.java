package io.tokengate.upstream;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tokengate.authn.Identity;

/**
 * What an upstream credential is partitioned by: one token for everybody, or one per subject,
 * per application or per install id of the authenticated caller. Each partitioned type names
 * the template variable that carries its value into a token request.
 */
public enum PartitionType {

	/** One token shared by every caller. */
	NONE("none", null, (identity) -> ""),

	/** One token per authenticated subject (per-user tokens). */
	SUBJECT("subject", "subject", Identity::subject),

	/** One token per application the caller's credential was issued to. */
	APP("app", "app", Identity::app),

	/** One token per install id the caller presented. */
	INSTALL_ID("install-id", "installId", Identity::installId);

	private final String configName;

	private final String variable;

	private final Function<Identity, String> value;

	PartitionType(String configName, String variable, Function<Identity, String> value) {
		this.configName = configName;
		this.variable = variable;
		this.value = value;
	}

	public String configName() {
		return this.configName;
	}

	/** The template variable ({@code {subject}}, {@code {app}}, {@code {installId}}), or {@code null}. */
	public String variable() {
		return this.variable;
	}

	/** Whether tokens are per caller, so that the route needs an authenticated identity. */
	public boolean isPartitioned() {
		return this != NONE;
	}

	/**
	 * The partition of the given caller, or empty when the identity does not carry the value this
	 * type partitions by (or, for a partitioned type, there is no identity at all).
	 */
	public Optional<Partition> partitionOf(Identity identity) {
		if (this == NONE) {
			return Optional.of(Partition.NONE);
		}
		if (identity == null) {
			return Optional.empty();
		}
		String partition = this.value.apply(identity);
		return (partition == null || partition.isEmpty()) ? Optional.empty()
				: Optional.of(new Partition(this, partition));
	}

	public static Optional<PartitionType> fromConfigName(String name) {
		if (name == null) {
			return Optional.empty();
		}
		String normalized = name.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((type) -> type.configName.equals(normalized)).findFirst();
	}

	public static String configNames() {
		return Arrays.stream(values()).map(PartitionType::configName).collect(Collectors.joining(", "));
	}

}
