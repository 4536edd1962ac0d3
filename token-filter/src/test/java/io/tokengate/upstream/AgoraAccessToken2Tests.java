package io.tokengate.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.tokengate.support.TestClock;
import io.agora.chat.ChatTokenBuilder2;
import io.agora.media.AccessToken2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Byte compatibility of {@link AgoraAccessToken2} with the vendor: the official vectors
 * (copied from {@code shared/vectors/agora-accesstoken2.json}), the vendor's own Java builder as a
 * differential oracle with issue time and salt fixed through its public fields, and signature
 * verification with the certificate.
 */
class AgoraAccessToken2Tests {

	private static final String APP_ID = "970CA35de60c44645bbae8a215061b33";

	private static final String CERTIFICATE = "5CFd2fd1755d40ecb72977518be15d3b";

	static Stream<JsonNode> chatVectors() throws IOException {
		try (InputStream in = AgoraAccessToken2Tests.class.getResourceAsStream("/agora/accesstoken2-vectors.json")) {
			JsonNode all = JsonMapper.builder().build().readTree(in);
			List<JsonNode> chat = new ArrayList<>();
			all.forEach((vector) -> {
				String kind = vector.get("kind").stringValue();
				if (kind.equals("chat-user") || kind.equals("chat-app")) {
					chat.add(vector);
				}
			});
			assertThat(chat).hasSizeGreaterThanOrEqualTo(7);
			return chat.stream();
		}
	}

	private static String mint(JsonNode vector) {
		String appId = vector.get("appId").stringValue();
		String certificate = vector.get("appCertificate").isNull() ? CERTIFICATE
				: vector.get("appCertificate").stringValue();
		int issueTs = vector.get("issueTs").intValue();
		int expire = vector.get("expire").intValue();
		int salt = vector.get("salt").intValue();
		return vector.get("kind").stringValue().equals("chat-user")
				? AgoraAccessToken2.chatUserToken(appId, certificate, vector.get("userId").stringValue(), issueTs,
						expire, salt)
				: AgoraAccessToken2.chatAppToken(appId, certificate, issueTs, expire, salt);
	}

	@ParameterizedTest
	@MethodSource("chatVectors")
	void mintWhenVectorInputsThenSamePayloadAsVendor(JsonNode vector) {
		if (vector.get("appCertificate").isNull()) {
			// the certificate is not published: only the unsigned part of the payload can match
			byte[] ours = AgoraTokenVerifier.inflate(mint(vector));
			byte[] theirs = HexFormat.of().parseHex(vector.get("decompressedHex").stringValue());
			assertThat(java.util.Arrays.copyOfRange(ours, 34, ours.length))
				.isEqualTo(java.util.Arrays.copyOfRange(theirs, 34, theirs.length));
			return;
		}
		assertThat(HexFormat.of().formatHex(AgoraTokenVerifier.inflate(mint(vector))))
			.isEqualToIgnoringCase(vector.get("decompressedHex").stringValue());
	}

	@ParameterizedTest
	@MethodSource("chatVectors")
	void mintWhenVectorCompressedByJavaDeflaterThenByteIdentical(JsonNode vector) {
		if (vector.get("byteReproducibleWithJavaDeflater").booleanValue() && !vector.get("appCertificate").isNull()) {
			assertThat(mint(vector)).isEqualTo(vector.get("expected").stringValue());
		}
	}

	@ParameterizedTest
	@MethodSource("chatVectors")
	void verifyWhenVendorVectorThenSignatureChecksWithCertificate(JsonNode vector) {
		if (vector.get("signatureVerifies").isBoolean() && vector.get("signatureVerifies").booleanValue()) {
			String expected = vector.get("expected").stringValue();
			assertThat(AgoraTokenVerifier.verify(expected, vector.get("appCertificate").stringValue())).isTrue();
			assertThat(AgoraTokenVerifier.verify(expected, "00000000000000000000000000000000")).isFalse();
		}
	}

	@Test
	void mintWhenUserTokenThenFieldsAndSignatureAsSpecified() {
		String token = AgoraAccessToken2.chatUserToken(APP_ID, CERTIFICATE, "user-42", 1_700_000_000, 3600, 77);
		AgoraTokenVerifier.Parsed parsed = AgoraTokenVerifier.parse(token);
		assertThat(parsed.appId()).isEqualTo(APP_ID);
		assertThat(parsed.issueTs()).isEqualTo(1_700_000_000);
		assertThat(parsed.expire()).isEqualTo(3600);
		assertThat(parsed.salt()).isEqualTo(77);
		assertThat(parsed.serviceType()).isEqualTo(AgoraAccessToken2.SERVICE_CHAT);
		assertThat(parsed.privilege()).isEqualTo(AgoraAccessToken2.PRIVILEGE_CHAT_USER);
		assertThat(parsed.privilegeExpire()).isEqualTo(3600);
		assertThat(parsed.userId()).isEqualTo("user-42");
		assertThat(AgoraTokenVerifier.verify(token, CERTIFICATE)).isTrue();
		assertThat(AgoraTokenVerifier.verify(token, "5CFd2fd1755d40ecb72977518be15d3c")).isFalse();
	}

	@Test
	void mintWhenRandomInputsThenIdenticalToVendorLibrary() {
		Random random = new Random(20240601);
		for (int i = 0; i < 200; i++) {
			String appId = hex(random);
			String certificate = hex(random);
			int issueTs = 1_600_000_000 + random.nextInt(200_000_000);
			int expire = 1 + random.nextInt(86_400);
			int salt = 1 + random.nextInt(99_999_999);
			String userId = (i % 2 == 0) ? "" : "user-" + Integer.toHexString(random.nextInt()) + "@example";

			AccessToken2 vendor = new AccessToken2(appId, certificate, expire);
			vendor.issueTs = issueTs;
			vendor.salt = salt;
			AccessToken2.Service chat = userId.isEmpty() ? new AccessToken2.ServiceChat()
					: new AccessToken2.ServiceChat(userId);
			chat.addPrivilegeChat(userId.isEmpty() ? AccessToken2.PrivilegeChat.PRIVILEGE_CHAT_APP
					: AccessToken2.PrivilegeChat.PRIVILEGE_CHAT_USER, expire);
			vendor.addService(chat);

			String ours = userId.isEmpty() ? AgoraAccessToken2.chatAppToken(appId, certificate, issueTs, expire, salt)
					: AgoraAccessToken2.chatUserToken(appId, certificate, userId, issueTs, expire, salt);
			assertThat(ours).isEqualTo(build(vendor));
		}
	}

	@Test
	void mintWhenVendorBuilderUsedThenVendorParsesOurToken() {
		String ours = AgoraAccessToken2.chatAppToken(APP_ID, CERTIFICATE, 1_700_000_000, 600, 5);
		AccessToken2 parsed = new AccessToken2();
		assertThat(parsed.parse(ours)).isTrue();
		assertThat(parsed.appId).isEqualTo(APP_ID);
		assertThat(parsed.issueTs).isEqualTo(1_700_000_000);
		assertThat(parsed.expire).isEqualTo(600);
		assertThat(parsed.salt).isEqualTo(5);
		assertThat(parsed.services.get(AccessToken2.SERVICE_TYPE_CHAT).getPrivileges())
			.containsEntry(AccessToken2.PrivilegeChat.PRIVILEGE_CHAT_APP.intValue, 600);
		// and the vendor's own builder makes a token of the same shape for the same app
		assertThat(new ChatTokenBuilder2().buildAppToken(APP_ID, CERTIFICATE, 600)).startsWith("007");
	}

	@Test
	void mintWhenAppIdNotHexThenRejectedInsteadOfEmptyToken() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AgoraAccessToken2.chatAppToken("not-an-app-id", CERTIFICATE, 1, 600, 1));
	}

	@Test
	void fetchWhenProviderClockAtVectorTimeThenVectorToken() {
		TestClock clock = new TestClock(Instant.ofEpochSecond(1111111));
		AgoraChatTokenProvider user = new AgoraChatTokenProvider(APP_ID, CERTIFICATE, AgoraChatTokenProvider.Role.USER,
				Duration.ofSeconds(600), clock, () -> 1);
		UpstreamToken token = user.fetch(Partition.of(PartitionType.SUBJECT, "2882341273")).block();
		assertThat(token.value()).isEqualTo("007eJxTYNAIsnbS3v/A5t2TC6feR15r+6cq8bqAvfaW+tk/Vzz+p6xTYLA0N3B2NDZNSTUzSDYxMTMxTUpKTLVINDI0NTAzTDI2dv8iwBDBxMDAyADCrEDMCOZzMRhZWBgZmxgamRsDAB+lHrg=");
		assertThat(token.issuedAt()).isEqualTo(Instant.ofEpochSecond(1111111));
		assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1111111 + 600));

		AgoraChatTokenProvider app = new AgoraChatTokenProvider(APP_ID, CERTIFICATE, AgoraChatTokenProvider.Role.APP,
				Duration.ofSeconds(600), clock, () -> 1);
		assertThat(app.fetch(Partition.NONE).block().value()).isEqualTo("007eJxTYNDNaz3snC8huEfHWdz6s98qltq4zqy9fl99Uh0FDvy6F6DAYGlu4OxobJqSamaQbGJiZmKalJSYapFoZGhqYGaYZGzs/kWAIYKJgYGRAYRZgZgJzGdgAACt8hhr");
	}

	@Test
	void fetchWhenSaltsDrawnThenEveryTokenVerifiesWithCertificate() {
		TestClock clock = TestClock.at(1_700_000_000);
		AgoraChatTokenProvider provider = new AgoraChatTokenProvider(APP_ID, CERTIFICATE,
				AgoraChatTokenProvider.Role.USER, Duration.ofHours(24), clock);
		UpstreamToken first = provider.fetch(Partition.of(PartitionType.SUBJECT, "alice")).block();
		UpstreamToken second = provider.fetch(Partition.of(PartitionType.SUBJECT, "alice")).block();
		assertThat(first.value()).isNotEqualTo(second.value());
		assertThat(AgoraTokenVerifier.verify(first.value(), CERTIFICATE)).isTrue();
		assertThat(AgoraTokenVerifier.parse(first.value()).expire()).isEqualTo(86_400);
		assertThat(first.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000 + 86_400));
	}

	private static String build(AccessToken2 token) {
		try {
			return token.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(Random random) {
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < 32; i++) {
			hex.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
		}
		return hex.toString();
	}

}
