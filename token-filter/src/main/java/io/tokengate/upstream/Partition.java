package io.tokengate.upstream;

import java.util.Map;
import java.util.Objects;

/**
 * One cache partition of an upstream credential: the type and the caller's value for it, such
 * as {@code subject=user-42}. Partitions of different values never share a token.
 *
 * @param type what the credential is partitioned by
 * @param value the caller's subject, app or install id; empty for {@link PartitionType#NONE}
 */
public record Partition(PartitionType type, String value) {

	/** The single partition of an unpartitioned credential. */
	public static final Partition NONE = new Partition(PartitionType.NONE, "");

	public Partition {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(value, "value");
		if (type.isPartitioned() == value.isEmpty()) {
			throw new IllegalArgumentException("a " + type.configName() + " partition needs "
					+ (type.isPartitioned() ? "a value" : "no value"));
		}
	}

	public static Partition of(PartitionType type, String value) {
		return (type == PartitionType.NONE) ? NONE : new Partition(type, value);
	}

	/** The template variables this partition provides: none, or its one variable. */
	public Map<String, String> variables() {
		return (this.type.variable() != null) ? Map.of(this.type.variable(), this.value) : Map.of();
	}

	@Override
	public String toString() {
		return this.type.isPartitioned() ? this.type.configName() + "=" + this.value : "none";
	}

}
