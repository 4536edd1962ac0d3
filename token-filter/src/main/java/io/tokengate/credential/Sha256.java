package io.tokengate.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 helpers. Credentials are only ever stored, compared or logged as their digest.
 */
public final class Sha256 {

	private static final HexFormat HEX = HexFormat.of();

	private static final int FINGERPRINT_LENGTH = 12;

	/** A digest per thread: the lookup through the provider list costs more than hashing a token. */
	private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

	private Sha256() {
	}

	public static byte[] digest(String value) {
		return digest(value.getBytes(StandardCharsets.UTF_8));
	}

	public static byte[] digest(byte[] value) {
		// digest() resets the instance, so the next caller on this thread starts clean
		return DIGEST.get().digest(value);
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			// every Java platform must provide SHA-256 (java.security.MessageDigest javadoc)
			throw new IllegalStateException(ex);
		}
	}

	public static String hex(String value) {
		return HEX.formatHex(digest(value));
	}

	/** A short, non-reversible label for a credential in logs and operator endpoints. */
	public static String fingerprint(String value) {
		return hex(value).substring(0, FINGERPRINT_LENGTH);
	}

	/** Parses 64 hex characters (either case) into 32 bytes; rejects anything else. */
	public static byte[] parseHex(String hex) {
		if (hex == null || hex.length() != 64) {
			throw new IllegalArgumentException("a SHA-256 is 64 hex characters");
		}
		try {
			return HEX.parseHex(hex);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("a SHA-256 is 64 hex characters");
		}
	}

	/** Compares two digests in time that does not depend on where they differ. */
	public static boolean matches(byte[] expected, byte[] actual) {
		return MessageDigest.isEqual(expected, actual);
	}

}
