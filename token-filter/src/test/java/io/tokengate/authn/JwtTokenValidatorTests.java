package io.tokengate.authn;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenErrorCode;
import io.tokengate.credential.TokenErrorException;
import io.tokengate.support.TestClock;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JwtTokenValidatorTests {

	private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	private static final RSAKey RSA = rsaKey("rsa-1");

	private final TestClock clock = new TestClock(NOW);

	private JwtTokenValidator hmacValidator() {
		return JwtTokenValidator.withSecret(SECRET)
			.clock(this.clock)
			.clockSkew(Duration.ofSeconds(30))
			.issuer("https://idp.example")
			.audiences(Set.of("partner-api"))
			.build();
	}

	private JwtTokenValidator rsaValidator() {
		return JwtTokenValidator.withKeys(new ImmutableJWKSet<>(new JWKSet(RSA.toPublicJWK())))
			.clock(this.clock)
			.issuer("https://idp.example")
			.build();
	}

	private static JWTClaimsSet.Builder claims() {
		return new JWTClaimsSet.Builder().subject("alice")
			.issuer("https://idp.example")
			.audience("partner-api")
			.issueTime(Date.from(NOW))
			.expirationTime(Date.from(NOW.plusSeconds(600)));
	}

	private static String hs256(JWTClaimsSet claims) {
		return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims,
				SECRET);
	}

	private static String rs256(JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(RSA));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(JWSHeader header, JWTClaimsSet claims, byte[] secret) {
		try {
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertInvalid(JwtTokenValidator validator, String token, String description) {
		StepVerifier.create(validator.validate(Credential.bearer(token))).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TokenErrorException.class);
			assertThat(((TokenErrorException) ex).error().code()).isEqualTo(TokenErrorCode.INVALID_TOKEN);
			assertThat(((TokenErrorException) ex).error().scheme()).isEqualTo(CredentialScheme.BEARER);
			assertThat(((TokenErrorException) ex).error().description()).isEqualTo(description);
		}).verify();
	}

	private static void assertValid(JwtTokenValidator validator, String token, Consumer<Identity> identity) {
		StepVerifier.create(validator.validate(Credential.bearer(token))).assertNext(identity).verifyComplete();
	}

	@Test
	void validateWhenValidHs256ThenIdentityFromClaims() {
		String token = hs256(claims().claim("scope", "orders.read orders.write")
			.claim("client_id", "app-7")
			.claim("tenant", "t-1")
			.build());
		assertValid(hmacValidator(), token, (identity) -> {
			assertThat(identity.subject()).isEqualTo("alice");
			assertThat(identity.app()).isEqualTo("app-7");
			assertThat(identity.scopes()).containsExactly("orders.read", "orders.write");
			assertThat(identity.expiresAt()).isEqualTo(NOW.plusSeconds(600));
			assertThat(identity.claims()).containsEntry("tenant", "t-1")
				.containsEntry("iss", "https://idp.example")
				.doesNotContainKeys("sub", "scope", "client_id", "exp");
		});
	}

	@Test
	void validateWhenScpArrayAndAzpThenScopesAndApp() {
		String token = hs256(claims().claim("scp", List.of("a", "b")).claim("azp", "app-9").build());
		assertValid(hmacValidator(), token, (identity) -> {
			assertThat(identity.scopes()).containsExactly("a", "b");
			assertThat(identity.app()).isEqualTo("app-9");
		});
	}

	@Test
	void validateWhenTypIsAtJwtThenAccepted() {
		String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
				claims().build(), SECRET);
		assertValid(hmacValidator(), token, (identity) -> assertThat(identity.subject()).isEqualTo("alice"));
	}

	@Test
	void validateWhenTypIsSomethingElseThenInvalidToken() {
		String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("logout+jwt")).build(),
				claims().build(), SECRET);
		assertInvalid(hmacValidator(), token, "The token signature or algorithm is not accepted");
	}

	@Test
	void validateWhenHmacTokenNamesAKidThenVerifiedWithTheSecret() {
		String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("hmac-1").build(), claims().build(),
				SECRET);
		assertValid(hmacValidator(), token, (identity) -> assertThat(identity.subject()).isEqualTo("alice"));
	}

	@Test
	void validateWhenHmacAlgorithmNotConfiguredThenInvalidTokenEvenWithTheRightSecret() {
		byte[] secret = "0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
		JwtTokenValidator validator = JwtTokenValidator.withSecret(secret)
			.algorithms(Set.of(JWSAlgorithm.HS256))
			.clock(this.clock)
			.build();
		String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS384).keyID("hmac-1").build(), claims().build(),
				secret);
		assertInvalid(validator, token, "The token signature or algorithm is not accepted");
	}

	@Test
	void validateWhenSignedWithAnotherSecretThenInvalidToken() {
		String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims().build(),
				"another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8));
		assertInvalid(hmacValidator(), token, "The token signature or algorithm is not accepted");
	}

	@Test
	void validateWhenAlgNoneThenInvalidToken() {
		String token = new PlainJWT(claims().build()).serialize();
		assertInvalid(hmacValidator(), token, "Unsigned tokens are not accepted");
	}

	@Test
	void validateWhenAlgorithmNotAllowedThenInvalidToken() {
		String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS384).build(), claims().build(),
				(new String(SECRET, StandardCharsets.UTF_8) + "0123456789abcdef")
					.getBytes(StandardCharsets.UTF_8));
		assertInvalid(hmacValidator(), token, "The token signature or algorithm is not accepted");
	}

	@Test
	void validateWhenRs256TokenAgainstSecretPolicyThenInvalidToken() {
		assertInvalid(hmacValidator(), rs256(claims().build()), "The token signature or algorithm is not accepted");
	}

	@Test
	void validateWhenValidRs256ThenIdentity() {
		assertValid(rsaValidator(), rs256(claims().build()),
				(identity) -> assertThat(identity.subject()).isEqualTo("alice"));
	}

	@Test
	void validateWhenHs256SignedWithRsaPublicKeyThenInvalidToken() {
		// RFC 8725 section 2.1: an attacker uses the public key as an HMAC secret
		byte[] publicKey = publicKeyBytes();
		String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build(), claims().build(),
				publicKey);
		assertInvalid(rsaValidator(), token, "The token signature or algorithm is not accepted");
	}

	@Test
	void validateWhenUnknownKidThenInvalidToken() {
		RSAKey other = rsaKey("rsa-2");
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-2").build(),
					claims().build());
			jwt.sign(new RSASSASigner(other));
			assertInvalid(rsaValidator(), jwt.serialize(), "The token signature or algorithm is not accepted");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void validateWhenExpiredBeyondSkewThenInvalidToken() {
		String token = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(31))).build());
		assertInvalid(hmacValidator(), token, "The token has expired");
	}

	@Test
	void validateWhenExpiredWithinSkewThenAccepted() {
		String token = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(29))).build());
		assertValid(hmacValidator(), token, (identity) -> assertThat(identity.subject()).isEqualTo("alice"));
	}

	@Test
	void validateWhenClockMovesPastExpThenInvalidToken() {
		JwtTokenValidator validator = hmacValidator();
		String token = hs256(claims().build());
		assertValid(validator, token, (identity) -> assertThat(identity.subject()).isEqualTo("alice"));
		this.clock.advance(Duration.ofSeconds(630));
		assertInvalid(validator, token, "The token has expired");
	}

	@Test
	void validateWhenNoExpThenInvalidToken() {
		String token = hs256(claims().expirationTime(null).build());
		assertInvalid(hmacValidator(), token, "The token has no expiry");
	}

	@Test
	void validateWhenNotYetValidThenInvalidToken() {
		String token = hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(31))).build());
		assertInvalid(hmacValidator(), token, "The token is not valid yet");
	}

	@Test
	void validateWhenNotYetValidWithinSkewThenAccepted() {
		String token = hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(29))).build());
		assertValid(hmacValidator(), token, (identity) -> assertThat(identity.subject()).isEqualTo("alice"));
	}

	@Test
	void validateWhenWrongIssuerThenInvalidToken() {
		String token = hs256(claims().issuer("https://evil.example").build());
		assertInvalid(hmacValidator(), token, "The token issuer is not accepted");
	}

	@Test
	void validateWhenWrongAudienceThenInvalidToken() {
		String token = hs256(claims().audience(List.of("other-api", "third-api")).build());
		assertInvalid(hmacValidator(), token, "The token audience is not accepted");
	}

	@Test
	void validateWhenNoAudienceButOneRequiredThenInvalidToken() {
		String token = hs256(claims().audience((String) null).build());
		assertInvalid(hmacValidator(), token, "The token audience is not accepted");
	}

	@Test
	void validateWhenOneOfSeveralAudiencesMatchesThenAccepted() {
		String token = hs256(claims().audience(List.of("other-api", "partner-api")).build());
		assertValid(hmacValidator(), token, (identity) -> assertThat(identity.subject()).isEqualTo("alice"));
	}

	@Test
	void validateWhenNotAJwtThenInvalidToken() {
		assertInvalid(hmacValidator(), "opaque-token", "The token is not a JWT");
	}

	@Test
	void validateWhenMalformedScopeClaimThenInvalidToken() {
		String token = hs256(claims().claim("scp", 42).build());
		assertInvalid(hmacValidator(), token, "The token has a malformed claim");
	}

	@Test
	void algorithmsWhenHmacWithKeysOrAsymmetricWithSecretThenRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwtTokenValidator.withSecret(SECRET).algorithms(Set.of(JWSAlgorithm.RS256)))
			.withMessage("RS256 does not go with a secret");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwtTokenValidator.withKeys(new ImmutableJWKSet<>(new JWKSet(RSA.toPublicJWK())))
				.algorithms(Set.of(JWSAlgorithm.HS256)))
			.withMessage("HS256 does not go with a JWK Set");
	}

	private static byte[] publicKeyBytes() {
		try {
			String pem = "-----BEGIN PUBLIC KEY-----\n"
					+ Base64.getMimeEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded())
					+ "\n-----END PUBLIC KEY-----\n";
			return pem.getBytes(StandardCharsets.US_ASCII);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static RSAKey rsaKey(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
