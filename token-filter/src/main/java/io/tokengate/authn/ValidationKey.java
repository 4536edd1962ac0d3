package io.tokengate.authn;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;

/**
 * The cache key of a validation answer: a SHA-256 over the length-prefixed policy, scheme,
 * credential and install id, so no credential is ever held as a key. The digest is kept as four
 * longs rather than a hex string: this key is computed on every request and held for every
 * cached answer, so it should cost neither allocation nor memory.
 */
public final class ValidationKey {

	private static final int DIGEST_LENGTH = 32;

	private static final byte[][] SCHEME_FIELDS = schemeFields();

	private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

	private final long d0;

	private final long d1;

	private final long d2;

	private final long d3;

	private ValidationKey(long d0, long d1, long d2, long d3) {
		this.d0 = d0;
		this.d1 = d1;
		this.d2 = d2;
		this.d3 = d3;
	}

	/** The key of {@code credential} under the policy named {@code policy}. */
	public static ValidationKey of(String policy, Credential credential) {
		return of(field(policy), credential);
	}

	/**
	 * The key of {@code credential} under a policy whose {@link #field(String) field} was
	 * computed once, which is what the cache does on the request path.
	 */
	static ValidationKey of(byte[] policyField, Credential credential) {
		return HASHER.get().key(policyField, credential);
	}

	/** A length-prefixed UTF-8 field: the prefix keeps ("ab", "c") and ("a", "bc") apart. */
	static byte[] field(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		byte[] field = new byte[4 + bytes.length];
		writeLength(field, bytes.length);
		System.arraycopy(bytes, 0, field, 4, bytes.length);
		return field;
	}

	private static void writeLength(byte[] target, int length) {
		target[0] = (byte) (length >>> 24);
		target[1] = (byte) (length >>> 16);
		target[2] = (byte) (length >>> 8);
		target[3] = (byte) length;
	}

	private static byte[][] schemeFields() {
		CredentialScheme[] schemes = CredentialScheme.values();
		byte[][] fields = new byte[schemes.length][];
		for (CredentialScheme scheme : schemes) {
			fields[scheme.ordinal()] = field(scheme.configName());
		}
		return fields;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ValidationKey that && this.d0 == that.d0 && this.d1 == that.d1 && this.d2 == that.d2
				&& this.d3 == that.d3;
	}

	@Override
	public int hashCode() {
		// a SHA-256 is uniformly distributed: any of its bits make a good hash
		return (int) this.d0;
	}

	/** The digest in hex, for tests and diagnostics. */
	String digestHex() {
		HexFormat hex = HexFormat.of();
		return hex.toHexDigits(this.d0) + hex.toHexDigits(this.d1) + hex.toHexDigits(this.d2)
				+ hex.toHexDigits(this.d3);
	}

	@Override
	public String toString() {
		return "ValidationKey[" + HexFormat.of().toHexDigits(this.d0).substring(0, 12) + "]";
	}

	/** A digest and scratch buffers per thread, so computing a key allocates only the key. */
	private static final class Hasher {

		private final MessageDigest digest;

		private final byte[] length = new byte[4];

		private final byte[] out = new byte[DIGEST_LENGTH];

		private Hasher() {
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		ValidationKey key(byte[] policyField, Credential credential) {
			this.digest.update(policyField);
			this.digest.update(SCHEME_FIELDS[credential.scheme().ordinal()]);
			update(credential.value());
			update((credential.installId() != null) ? credential.installId() : "");
			try {
				this.digest.digest(this.out, 0, DIGEST_LENGTH);
			}
			catch (DigestException ex) {
				throw new IllegalStateException(ex);
			}
			return new ValidationKey(longAt(0), longAt(8), longAt(16), longAt(24));
		}

		private void update(String value) {
			byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
			writeLength(this.length, bytes.length);
			this.digest.update(this.length);
			this.digest.update(bytes);
		}

		private long longAt(int offset) {
			long value = 0;
			for (int i = 0; i < 8; i++) {
				value = (value << 8) | (this.out[offset + i] & 0xFF);
			}
			return value;
		}

	}

}
