package io.tokengate.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.tokengate.support.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JwtValidatorFactoryTests {

	private static final String PREFIX = "tokengate.inbound.partners.jwt";

	private static final String SECRET_256 = "0123456789abcdef0123456789abcdef";

	private final JwtValidatorFactory factory = new JwtValidatorFactory(new TestClock(Instant.EPOCH));

	private static JwtProperties withUri() {
		JwtProperties jwt = new JwtProperties();
		jwt.setJwkSetUri("http://idp.example/jwks.json");
		return jwt;
	}

	private static JwtProperties withSecret(String secret) {
		JwtProperties jwt = new JwtProperties();
		jwt.setSecret(secret);
		return jwt;
	}

	private void assertRejected(JwtProperties jwt, String message) {
		assertThatExceptionOfType(TokenGateConfigurationException.class)
			.isThrownBy(() -> this.factory.create(PREFIX, jwt))
			.withMessage(message);
	}

	private static JwtProperties with(JwtProperties jwt, Consumer<JwtProperties> change) {
		change.accept(jwt);
		return jwt;
	}

	@Test
	void createWhenJwkSetUriThenDefaultAlgorithmsRs256Es256() {
		assertThat(this.factory.create(PREFIX, withUri()).toString())
			.isEqualTo("JwtTokenValidator[jwkSetUri=http://idp.example/jwks.json, algorithms=[RS256, ES256]]");
	}

	@Test
	void createWhenSecretThenDefaultAlgorithmHs256() {
		assertThat(this.factory.create(PREFIX, withSecret(SECRET_256)).toString())
			.isEqualTo("JwtTokenValidator[secret, algorithms=[HS256]]");
	}

	@Test
	void createWhenBothUriAndSecretThenRejected() {
		assertRejected(with(withUri(), (jwt) -> jwt.setSecret(SECRET_256)), PREFIX + ": set jwk-set-uri or secret, not both");
	}

	@Test
	void createWhenNeitherUriNorSecretThenRejected() {
		assertRejected(new JwtProperties(), PREFIX + ": set jwk-set-uri or secret");
	}

	@Test
	void createWhenUnknownAlgorithmThenRejected() {
		assertRejected(with(withUri(), (jwt) -> jwt.setAlgorithms(List.of("RS256", "XS256"))), PREFIX
				+ ".algorithms[1]: unknown algorithm 'XS256'; expected one of RS256, RS384, RS512, PS256, PS384, PS512, "
				+ "ES256, ES384, ES512, HS256, HS384, HS512");
	}

	@Test
	void createWhenAlgorithmNoneThenRejected() {
		assertThatExceptionOfType(TokenGateConfigurationException.class)
			.isThrownBy(() -> this.factory.create(PREFIX, with(withUri(), (jwt) -> jwt.setAlgorithms(List.of("none")))))
			.withMessageStartingWith(PREFIX + ".algorithms[0]: unknown algorithm 'none'");
	}

	@Test
	void createWhenHmacAlgorithmWithJwkSetThenRejected() {
		assertRejected(with(withUri(), (jwt) -> jwt.setAlgorithms(List.of("HS256"))),
				PREFIX + ".algorithms[0]: 'HS256' needs a secret; a JWK Set verifies asymmetric algorithms only");
	}

	@Test
	void createWhenAsymmetricAlgorithmWithSecretThenRejected() {
		assertRejected(with(withSecret(SECRET_256), (jwt) -> jwt.setAlgorithms(List.of("RS256"))),
				PREFIX + ".algorithms[0]: 'RS256' needs jwk-set-uri; a secret verifies HS256, HS384 or HS512 only");
	}

	@Test
	void createWhenSecretShorterThan256BitsThenRejected() {
		assertRejected(withSecret(SECRET_256.substring(1)), PREFIX + ".secret: shorter than 256 bits, the minimum for HS256");
	}

	@Test
	void createWhenSecretTooShortForHs512ThenRejected() {
		assertRejected(
				with(withSecret(SECRET_256 + SECRET_256.substring(1)),
						(jwt) -> jwt.setAlgorithms(List.of("HS256", "HS512"))),
				PREFIX + ".secret: shorter than 512 bits, the minimum for HS512");
	}

	@Test
	void createWhenJwkSetUriNotHttpThenRejected() {
		assertRejected(with(new JwtProperties(), (jwt) -> jwt.setJwkSetUri("file:/etc/jwks.json")),
				PREFIX + ".jwk-set-uri: 'file:/etc/jwks.json' is not an absolute http or https URI");
	}

	@Test
	void createWhenNegativeClockSkewThenRejected() {
		assertRejected(with(withUri(), (jwt) -> jwt.setClockSkew(Duration.ofSeconds(-1))),
				PREFIX + ".clock-skew: must not be negative, was PT-1S");
	}

	@Test
	void createWhenZeroTimeoutThenRejected() {
		assertRejected(with(withUri(), (jwt) -> jwt.setTimeout(Duration.ZERO)),
				PREFIX + ".timeout: must be positive, was PT0S");
	}

	@Test
	void createWhenZeroRetryAfterThenRejected() {
		assertRejected(with(withUri(), (jwt) -> jwt.setRetryAfter(Duration.ZERO)),
				PREFIX + ".retry-after: must be positive, was PT0S");
	}

	@Test
	void createWhenBlankAudienceThenRejected() {
		assertRejected(with(withUri(), (jwt) -> jwt.setAudiences(List.of("api", " "))),
				PREFIX + ".audiences[1]: must be set");
	}

}
