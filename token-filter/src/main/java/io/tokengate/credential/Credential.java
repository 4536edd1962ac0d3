package io.tokengate.credential;

import java.util.Objects;

/**
 * The one credential a request carried. {@code installId} is set only for
 * {@link CredentialScheme#INSTALL}. {@link #toString()} never shows the secret.
 *
 * @param scheme the form the credential came in
 * @param value the token or key itself
 * @param installId the install id presented with an install token, else {@code null}
 */
public record Credential(CredentialScheme scheme, String value, String installId) {

	public Credential {
		Objects.requireNonNull(scheme, "scheme");
		Objects.requireNonNull(value, "value");
		if (scheme == CredentialScheme.INSTALL) {
			Objects.requireNonNull(installId, "installId is required for install tokens");
		}
		else if (installId != null) {
			throw new IllegalArgumentException("installId only goes with install tokens");
		}
	}

	public static Credential bearer(String token) {
		return new Credential(CredentialScheme.BEARER, token, null);
	}

	public static Credential token(String key) {
		return new Credential(CredentialScheme.TOKEN, key, null);
	}

	public static Credential install(String token, String installId) {
		return new Credential(CredentialScheme.INSTALL, token, installId);
	}

	/** First 12 hex characters of the SHA-256 of the value: safe to log, enough to correlate. */
	public String fingerprint() {
		return Sha256.fingerprint(this.value);
	}

	@Override
	public String toString() {
		return "Credential[scheme=" + this.scheme + ", fingerprint=" + fingerprint()
				+ ((this.installId != null) ? ", installId=" + this.installId : "") + "]";
	}

}
