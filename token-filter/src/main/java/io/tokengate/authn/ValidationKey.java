package io.tokengate.authn;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;

/**
 * The cache key of a validation answer: the credential's scheme and a SHA-256 of the credential
 * (its value, or for an install token the length-prefixed value followed by the install id), so
 * no credential is ever held as a key. The policy is not hashed in: every policy has a cache of
 * its own, so a key never meets another policy's answers. Hashing the credential alone keeps the
 * input of a typical opaque token (up to 55 bytes) in one SHA-256 block, and this key is computed
 * on every request. The digest is kept as four longs rather than a hex string: it is held for
 * every cached answer, so it should cost neither allocation nor memory.
 */
public final class ValidationKey {

	private static final int DIGEST_LENGTH = 32;

	private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

	private final CredentialScheme scheme;

	private final long d0;

	private final long d1;

	private final long d2;

	private final long d3;

	private ValidationKey(CredentialScheme scheme, long d0, long d1, long d2, long d3) {
		this.scheme = scheme;
		this.d0 = d0;
		this.d1 = d1;
		this.d2 = d2;
		this.d3 = d3;
	}

	/** The key of {@code credential}. */
	public static ValidationKey of(Credential credential) {
		return HASHER.get().key(credential);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ValidationKey that && this.scheme == that.scheme && this.d0 == that.d0
				&& this.d1 == that.d1 && this.d2 == that.d2 && this.d3 == that.d3;
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

		ValidationKey key(Credential credential) {
			if (credential.installId() == null) {
				this.digest.update(credential.value().getBytes(StandardCharsets.UTF_8));
			}
			else {
				// the prefix keeps ("ab", "c") and ("a", "bc") apart
				byte[] value = credential.value().getBytes(StandardCharsets.UTF_8);
				writeLength(value.length);
				this.digest.update(this.length);
				this.digest.update(value);
				this.digest.update(credential.installId().getBytes(StandardCharsets.UTF_8));
			}
			try {
				this.digest.digest(this.out, 0, DIGEST_LENGTH);
			}
			catch (DigestException ex) {
				throw new IllegalStateException(ex);
			}
			return new ValidationKey(credential.scheme(), longAt(0), longAt(8), longAt(16), longAt(24));
		}

		private void writeLength(int length) {
			this.length[0] = (byte) (length >>> 24);
			this.length[1] = (byte) (length >>> 16);
			this.length[2] = (byte) (length >>> 8);
			this.length[3] = (byte) length;
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
