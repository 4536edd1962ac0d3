package io.tokengate.upstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads an AccessToken2 back and checks its signature with an app certificate, independently of
 * the code that minted it: inflate, split signature from message, recompute the HMAC.
 */
final class AgoraTokenVerifier {

	private AgoraTokenVerifier() {
	}

	/** The zlib-inflated content: u16-prefixed signature, then the signed message. */
	static byte[] inflate(String token) {
		if (!token.startsWith("007")) {
			throw new IllegalArgumentException("not an AccessToken2");
		}
		byte[] compressed = Base64.getDecoder().decode(token.substring(3));
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(compressed);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] chunk = new byte[512];
			while (!inflater.finished()) {
				int n = inflater.inflate(chunk);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					break;
				}
				out.write(chunk, 0, n);
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException(ex);
		}
		finally {
			inflater.end();
		}
	}

	/** The fields of a Chat token. */
	static Parsed parse(String token) {
		ByteBuffer content = ByteBuffer.wrap(inflate(token)).order(ByteOrder.LITTLE_ENDIAN);
		byte[] signature = bytes(content);
		int messageStart = content.position();
		String appId = new String(bytes(content), StandardCharsets.UTF_8);
		int issueTs = content.getInt();
		int expire = content.getInt();
		int salt = content.getInt();
		short services = content.getShort();
		short type = content.getShort();
		short privileges = content.getShort();
		short privilege = content.getShort();
		int privilegeExpire = content.getInt();
		String userId = new String(bytes(content), StandardCharsets.UTF_8);
		byte[] message = new byte[content.limit() - messageStart];
		content.position(messageStart);
		content.get(message);
		return new Parsed(signature, message, appId, issueTs, expire, salt, services, type, privileges, privilege,
				privilegeExpire, userId);
	}

	/** Whether the token's signature was made with {@code appCertificate}. */
	static boolean verify(String token, String appCertificate) {
		Parsed parsed = parse(token);
		byte[] expected = AgoraAccessToken2.hmac(
				AgoraAccessToken2.signingKey(appCertificate, parsed.issueTs(), parsed.salt()), parsed.message());
		return MessageDigest.isEqual(expected, parsed.signature());
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] value = new byte[Short.toUnsignedInt(buffer.getShort())];
		buffer.get(value);
		return value;
	}

	record Parsed(byte[] signature, byte[] message, String appId, int issueTs, int expire, int salt, short services,
			short serviceType, short privilegeCount, short privilege, int privilegeExpire, String userId) {
	}

}
