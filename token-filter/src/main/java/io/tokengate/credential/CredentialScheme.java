package io.tokengate.credential;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The credential forms a policy may accept. Each has the name used in configuration
 * ({@code accept: [bearer, token, install]}) and the challenge name written into
 * {@code WWW-Authenticate} (RFC 9110 §11.6.1).
 */
public enum CredentialScheme {

	/** {@code Authorization: Bearer <token>} (RFC 6750 §2.1). */
	BEARER("bearer", "Bearer"),

	/** {@code Authorization: Token <key>}, the API-key scheme. */
	TOKEN("token", "Token"),

	/** An install token and its install id, as query parameters or as a header pair. */
	INSTALL("install", "InstallToken");

	private final String configName;

	private final String challengeName;

	CredentialScheme(String configName, String challengeName) {
		this.configName = configName;
		this.challengeName = challengeName;
	}

	public String configName() {
		return this.configName;
	}

	public String challengeName() {
		return this.challengeName;
	}

	/** Whether this scheme travels in the {@code Authorization} header. */
	public boolean isAuthorizationScheme() {
		return this != INSTALL;
	}

	public static Optional<CredentialScheme> fromConfigName(String name) {
		if (name == null) {
			return Optional.empty();
		}
		String normalized = name.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((scheme) -> scheme.configName.equals(normalized)).findFirst();
	}

	/** The configuration names of all schemes, for error messages. */
	public static String configNames() {
		return Arrays.stream(values()).map(CredentialScheme::configName).collect(Collectors.joining(", "));
	}

}
