package io.tokengate.upstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Agora AccessToken2 ("007" tokens) with the Chat service, byte for byte as the vendor's
 * {@code AccessToken2}/{@code ChatTokenBuilder2} build them:
 * <pre>
 * signing   = HMAC-SHA256(key = salt, HMAC-SHA256(key = issueTs, appCertificate))
 * message   = str(appId) u32(issueTs) u32(expire) u32(salt) u16(1)
 *             u16(5 = CHAT) u16(1) u16(privilege) u32(expire) str(userId)
 * token     = "007" + base64(zlib(str(HMAC-SHA256(signing, message)) + message))
 * </pre>
 * Integers are little-endian, {@code str} is a u16 length and the UTF-8 bytes, zlib is
 * {@link Deflater} at its default level (what the vendor's Java and C builds use). Privilege 1 is
 * a user token for {@code userId}, privilege 2 an app token with an empty user id.
 * <p>
 * Written here rather than calling {@code io.agora:authentication}: the vendor builder reads the
 * wall clock ({@code new Date()}) instead of the injected {@code Clock}, draws its own salt,
 * answers every failure (a malformed app id, a user id over its fixed 1 KB buffer) with an empty
 * string after printing a stack trace, encodes strings in the platform charset, and ships under
 * a non-OSS "AGORA SDK License" with commons-codec. Byte compatibility is proven instead by the
 * official test vectors and by a differential test against the vendor library (test scope only):
 * {@code ChatTokenBuilder2} cannot be given an issue time or salt, but the vendor's
 * {@code AccessToken2} exposes both as public fields, so the test fixes them there and compares
 * the vendor's tokens with these, byte for byte, and every minted token is checked against the
 * certificate by recomputing its signature.
 */
final class AgoraAccessToken2 {

	static final String VERSION = "007";

	static final short SERVICE_CHAT = 5;

	static final short PRIVILEGE_CHAT_USER = 1;

	static final short PRIVILEGE_CHAT_APP = 2;

	private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{32}");

	private AgoraAccessToken2() {
	}

	/** Whether {@code value} has the shape of an Agora app id or app certificate (32 hex characters). */
	static boolean isValidId(String value) {
		return value != null && ID.matcher(value).matches();
	}

	/** A Chat user token for {@code userId}, valid {@code expireSeconds} from {@code issueTs}. */
	static String chatUserToken(String appId, String appCertificate, String userId, int issueTs, int expireSeconds,
			int salt) {
		return build(appId, appCertificate, PRIVILEGE_CHAT_USER, userId, issueTs, expireSeconds, salt);
	}

	/** A Chat app token for REST calls, valid {@code expireSeconds} from {@code issueTs}. */
	static String chatAppToken(String appId, String appCertificate, int issueTs, int expireSeconds, int salt) {
		return build(appId, appCertificate, PRIVILEGE_CHAT_APP, "", issueTs, expireSeconds, salt);
	}

	private static String build(String appId, String appCertificate, short privilege, String userId, int issueTs,
			int expireSeconds, int salt) {
		if (!isValidId(appId) || !isValidId(appCertificate)) {
			throw new IllegalArgumentException("app id and app certificate must be 32 hex characters");
		}
		if (expireSeconds <= 0) {
			throw new IllegalArgumentException("expireSeconds must be positive");
		}
		byte[] user = userId.getBytes(StandardCharsets.UTF_8);
		if (user.length > 0xFFFF) {
			throw new IllegalArgumentException("userId is longer than 65535 bytes");
		}
		byte[] appIdBytes = appId.getBytes(StandardCharsets.US_ASCII);
		ByteBuffer message = little(2 + appIdBytes.length + 4 + 4 + 4 + 2 + 2 + 2 + 2 + 4 + 2 + user.length);
		putString(message, appIdBytes);
		message.putInt(issueTs).putInt(expireSeconds).putInt(salt);
		message.putShort((short) 1);
		message.putShort(SERVICE_CHAT).putShort((short) 1).putShort(privilege).putInt(expireSeconds);
		putString(message, user);
		byte[] signed = message.array();
		byte[] signature = hmac(signingKey(appCertificate, issueTs, salt), signed);
		ByteBuffer content = little(2 + signature.length + signed.length);
		putString(content, signature);
		content.put(signed);
		return VERSION + Base64.getEncoder().encodeToString(deflate(content.array()));
	}

	static byte[] signingKey(String appCertificate, int issueTs, int salt) {
		byte[] first = hmac(little(4).putInt(issueTs).array(), appCertificate.getBytes(StandardCharsets.US_ASCII));
		return hmac(little(4).putInt(salt).array(), first);
	}

	static byte[] hmac(byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			// every Java platform must provide HmacSHA256 (javax.crypto.Mac javadoc)
			throw new IllegalStateException(ex);
		}
	}

	private static ByteBuffer little(int capacity) {
		return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
	}

	private static void putString(ByteBuffer buffer, byte[] value) {
		buffer.putShort((short) value.length).put(value);
	}

	private static byte[] deflate(byte[] data) {
		Deflater deflater = new Deflater();
		try {
			deflater.setInput(data);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
			byte[] chunk = new byte[Math.max(64, data.length)];
			while (!deflater.finished()) {
				out.write(chunk, 0, deflater.deflate(chunk));
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

}
