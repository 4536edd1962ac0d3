package io.tokengate.upstream;

import java.time.Instant;
import java.util.Objects;

import io.tokengate.credential.Sha256;

/**
 * A credential for an upstream API, as a provider obtained it. {@link #toString()} shows only a
 * fingerprint, never the value.
 *
 * @param value the token itself, as it is sent to the upstream
 * @param issuedAt when the provider obtained it; the start of its lifetime for refresh-ahead
 * @param expiresAt when it stops being valid, or {@code null} if it does not expire
 */
public record UpstreamToken(String value, Instant issuedAt, Instant expiresAt) {

	public UpstreamToken {
		Objects.requireNonNull(value, "value");
		Objects.requireNonNull(issuedAt, "issuedAt");
		if (expiresAt != null && expiresAt.isBefore(issuedAt)) {
			throw new IllegalArgumentException("expiresAt must not be before issuedAt");
		}
	}

	/** A token that never expires, such as a long-lived API key. */
	public static UpstreamToken permanent(String value, Instant issuedAt) {
		return new UpstreamToken(value, issuedAt, null);
	}

	/** First 12 hex characters of the SHA-256 of the value: safe to log and to show operators. */
	public String fingerprint() {
		return Sha256.fingerprint(this.value);
	}

	/** Whether this is the same credential as {@code other}, whatever their timestamps. */
	public boolean sameValueAs(UpstreamToken other) {
		return other != null && this.value.equals(other.value);
	}

	@Override
	public String toString() {
		return "UpstreamToken[fingerprint=" + fingerprint() + ", issuedAt=" + this.issuedAt + ", expiresAt="
				+ this.expiresAt + "]";
	}

}
