package io.tokengate.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenResponseReaderTests {

	private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	private static UpstreamToken read(TokenResponseReader reader, String json) {
		return reader.read(json.getBytes(StandardCharsets.UTF_8), NOW);
	}

	static String jwt(Instant exp) throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("user-1");
		if (exp != null) {
			claims.expirationTime(Date.from(exp));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
		jwt.sign(new MACSigner(new byte[32]));
		return jwt.serialize();
	}

	@Test
	void readWhenExpiresInThenExpiryFromNow() {
		TokenResponseReader reader = new TokenResponseReader("/access_token", "/expires_in", null, Duration.ofHours(1));
		UpstreamToken token = read(reader, "{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":86400}");
		assertThat(token.value()).isEqualTo("abc");
		assertThat(token.issuedAt()).isEqualTo(NOW);
		assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(86400));
	}

	@Test
	void readWhenExpiresAtNestedThenEpochSeconds() {
		TokenResponseReader reader = new TokenResponseReader("/data/sessionToken", null,
				"/data/sessionTokenValidUntil", Duration.ofHours(1));
		UpstreamToken token = read(reader,
				"{\"success\":true,\"data\":{\"sessionToken\":\"s1\",\"sessionTokenValidUntil\":1893457800}}");
		assertThat(token.value()).isEqualTo("s1");
		assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1893457800));
	}

	@Test
	void readWhenNumbersAreStringsThenParsed() {
		TokenResponseReader reader = new TokenResponseReader("/t", "/in", null, Duration.ofHours(1));
		assertThat(read(reader, "{\"t\":\"x\",\"in\":\"60\"}").expiresAt()).isEqualTo(NOW.plusSeconds(60));
	}

	@Test
	void readWhenNoExpiryButJwtThenJwtExp() throws Exception {
		TokenResponseReader reader = new TokenResponseReader("/token", "/expires_in", null, Duration.ofHours(1));
		String jwt = jwt(NOW.plusSeconds(3600 * 2));
		assertThat(read(reader, "{\"token\":\"" + jwt + "\"}").expiresAt()).isEqualTo(NOW.plusSeconds(7200));
	}

	@Test
	void readWhenJwtWithoutExpThenDefaultTtl() throws Exception {
		TokenResponseReader reader = new TokenResponseReader("/token", null, null, Duration.ofMinutes(10));
		assertThat(read(reader, "{\"token\":\"" + jwt(null) + "\"}").expiresAt()).isEqualTo(NOW.plusSeconds(600));
	}

	@Test
	void readWhenOpaqueTokenWithoutExpiryThenDefaultTtl() {
		TokenResponseReader reader = new TokenResponseReader("/token", null, null, Duration.ofHours(1));
		assertThat(read(reader, "{\"token\":\"52b29f04992fe340912d273be198f533159f0368\"}").expiresAt())
			.isEqualTo(NOW.plusSeconds(3600));
	}

	@Test
	void readWhenNotJsonThenFails() {
		TokenResponseReader reader = new TokenResponseReader("/token", null, null, Duration.ofHours(1));
		assertThatExceptionOfType(UpstreamFetchException.class).isThrownBy(() -> read(reader, "<html>oops</html>"))
			.withMessage("the token response is not JSON");
	}

	@Test
	void readWhenJsonButNotObjectThenFails() {
		TokenResponseReader reader = new TokenResponseReader("/token", null, null, Duration.ofHours(1));
		assertThatExceptionOfType(UpstreamFetchException.class).isThrownBy(() -> read(reader, "\"just-a-string\""))
			.withMessage("the token response is not a JSON object");
	}

	@Test
	void readWhenPointerMissingThenFailsNamingPointerNotResponse() {
		TokenResponseReader reader = new TokenResponseReader("/data/sessionToken", null, null, Duration.ofHours(1));
		assertThatExceptionOfType(UpstreamFetchException.class)
			.isThrownBy(() -> read(reader, "{\"data\":{\"permanentToken\":\"secret-permanent\"}}"))
			.withMessage("the token response has no string at /data/sessionToken")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("secret-permanent"));
	}

	@Test
	void readWhenTokenNotAStringThenFails() {
		TokenResponseReader reader = new TokenResponseReader("/token", null, null, Duration.ofHours(1));
		assertThatExceptionOfType(UpstreamFetchException.class).isThrownBy(() -> read(reader, "{\"token\":42}"))
			.withMessage("the token response has no string at /token");
	}

	@Test
	void readWhenTokenHasControlCharactersThenFails() {
		TokenResponseReader reader = new TokenResponseReader("/token", null, null, Duration.ofHours(1));
		assertThatExceptionOfType(UpstreamFetchException.class)
			.isThrownBy(() -> read(reader, "{\"token\":\"abc\\r\\nX-Injected: 1\"}"))
			.withMessage("the token at /token has characters that cannot be sent");
	}

	@Test
	void readWhenExpiresInNotANumberThenFails() {
		TokenResponseReader reader = new TokenResponseReader("/t", "/in", null, Duration.ofHours(1));
		assertThatExceptionOfType(UpstreamFetchException.class)
			.isThrownBy(() -> read(reader, "{\"t\":\"x\",\"in\":\"soon\"}"))
			.withMessage("the value at /in is not a whole number of seconds");
	}

	@Test
	void readWhenExpiresInNegativeThenFails() {
		TokenResponseReader reader = new TokenResponseReader("/t", "/in", null, Duration.ofHours(1));
		assertThatExceptionOfType(UpstreamFetchException.class).isThrownBy(() -> read(reader, "{\"t\":\"x\",\"in\":-5}"))
			.withMessage("the value at /in is negative");
	}

}
