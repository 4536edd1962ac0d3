package io.tokengate.authn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

import io.tokengate.credential.Credential;
import io.tokengate.credential.Sha256;

/**
 * The cache key of a validation answer: a SHA-256 over the policy, the scheme, the credential
 * and the install id, so no credential is ever held as a key. The fingerprint (first 12 hex of
 * the credential's own SHA-256) rides along so an operator can evict one credential by the
 * label they see in logs.
 *
 * @param digest SHA-256 of the length-prefixed policy, scheme, credential and install id, in hex
 * @param fingerprint {@link Credential#fingerprint()} of the credential
 */
public record ValidationKey(String digest, String fingerprint) {

	public ValidationKey {
		Objects.requireNonNull(digest, "digest");
		Objects.requireNonNull(fingerprint, "fingerprint");
	}

	/** The key of {@code credential} under the policy named {@code policy}. */
	public static ValidationKey of(String policy, Credential credential) {
		ByteArrayOutputStream fields = new ByteArrayOutputStream(128 + credential.value().length());
		// length prefixes keep ("ab", "c") and ("a", "bc") apart
		field(fields, policy);
		field(fields, credential.scheme().configName());
		field(fields, credential.value());
		field(fields, (credential.installId() != null) ? credential.installId() : "");
		String digest = HexFormat.of().formatHex(Sha256.digest(fields.toByteArray()));
		return new ValidationKey(digest, credential.fingerprint());
	}

	private static void field(ByteArrayOutputStream out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		int length = bytes.length;
		out.write(length >>> 24);
		out.write(length >>> 16);
		out.write(length >>> 8);
		out.write(length);
		out.writeBytes(bytes);
	}

	@Override
	public String toString() {
		return "ValidationKey[fingerprint=" + this.fingerprint + "]";
	}

}
