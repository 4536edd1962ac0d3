package io.tokengate.authn;

import java.util.List;
import java.util.Objects;

import io.tokengate.credential.Sha256;

/**
 * A configured API key: only its SHA-256 is known, never the key itself.
 */
public final class ApiKey {

	private final byte[] sha256;

	private final Identity identity;

	/**
	 * @param sha256Hex the key's SHA-256 as 64 hex characters
	 * @throws IllegalArgumentException if {@code sha256Hex} is not a SHA-256
	 */
	public ApiKey(String sha256Hex, String subject, String app, List<String> scopes) {
		this.sha256 = Sha256.parseHex(sha256Hex);
		this.identity = new Identity(Objects.requireNonNull(subject, "subject"), app, scopes, null, null, null);
	}

	byte[] sha256() {
		return this.sha256.clone();
	}

	boolean matches(byte[] presentedSha256) {
		return Sha256.matches(this.sha256, presentedSha256);
	}

	Identity identity() {
		return this.identity;
	}

	@Override
	public String toString() {
		return "ApiKey[subject=" + this.identity.subject() + ", app=" + this.identity.app() + "]";
	}

}
