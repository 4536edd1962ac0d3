package io.tokengate.tests.authn;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tokengate.app.TokengateApplication;
import io.tokengate.tests.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs validated locally against JWK Sets on a WireMock IdP: acceptance, the rejection
 * rules, key rotation without restart, an unreachable JWK Set, and the result cache.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("authn-jwks")
@Import(TestClockConfiguration.class)
@DirtiesContext
class JwksIntegrationTests {

	private static final TestIdp idp = TestIdp.start();

	private static final RSAKey KEY_1 = TestJwts.rsaKey("key-1");

	private static final RSAKey KEY_2 = TestJwts.rsaKey("key-2");

	@LocalServerPort
	private int port;

	@Autowired
	private MovableClock clock;

	private WebTestClient client;

	@DynamicPropertySource
	static void idpUrl(DynamicPropertyRegistry registry) {
		registry.add("test.idp.url", idp::url);
	}

	@AfterAll
	static void stopIdp() {
		idp.stop();
	}

	@BeforeEach
	void setUp() {
		idp.reset();
		idp.jwks("/keys/main.json", new JWKSet(KEY_1));
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	private JWTClaimsSet.Builder claims(String subject) {
		return TestJwts.claims(subject, this.clock.instant());
	}

	private WebTestClient.ResponseSpec call(String path, String token) {
		return this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	private void expectInvalidToken(String token, String description) {
		int forwarded = idp.upstreamRequests().size();
		call("/jwks/orders", token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer realm=\"jwks\", error=\"invalid_token\", error_description=\"" + description + "\"")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + description
					+ "\",\"error\":\"invalid_token\"}");
		assertThat(idp.upstreamRequests()).hasSize(forwarded);
		// a JWT is never sent to introspection, valid or not
		assertThat(idp.introspections("/introspect")).isZero();
	}

	@Test
	void validJwtThenForwardedWithIdentityAndWithoutIntrospection() {
		call("/jwks/orders", TestJwts.rs256(KEY_1, claims("alice").build())).expectStatus().isOk();
		List<LoggedRequest> forwarded = idp.upstreamRequests();
		assertThat(forwarded).hasSize(1);
		assertThat(forwarded.get(0).getHeader("X-Auth-Subject")).isEqualTo("alice");
		assertThat(forwarded.get(0).getHeader("X-Auth-App")).isEqualTo("partner-app");
		assertThat(forwarded.get(0).getHeader("X-Auth-Scopes")).isEqualTo("orders.read");
		assertThat(forwarded.get(0).containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
		assertThat(idp.introspections("/introspect")).isZero();
	}

	@Test
	void opaqueTokenOnAJwtPolicyWithIntrospectionThenIntrospected() {
		idp.introspection("/introspect", "opaque-token-1", "{\"active\":true,\"sub\":\"bob\",\"exp\":"
				+ this.clock.instant().plusSeconds(600).getEpochSecond() + "}");
		call("/jwks/orders", "opaque-token-1").expectStatus().isOk();
		assertThat(idp.introspections("/introspect", "opaque-token-1")).isEqualTo(1);
		assertThat(idp.upstreamRequests().get(0).getHeader("X-Auth-Subject")).isEqualTo("bob");
	}

	@Test
	void unsignedJwtThenInvalidToken() {
		expectInvalidToken(TestJwts.unsecured(claims("alice").build()), "Unsigned tokens are not accepted");
	}

	@Test
	void hs256SignedWithTheRsaPublicKeyThenInvalidToken() {
		expectInvalidToken(TestJwts.hs256WithPublicKey(KEY_1, claims("alice").build()),
				"The token signature or algorithm is not accepted");
	}

	@Test
	void jwtSignedByAnUnknownKeyThenInvalidToken() {
		expectInvalidToken(TestJwts.rs256(TestJwts.rsaKey("key-1"), claims("alice").build()),
				"The token signature or algorithm is not accepted");
	}

	@Test
	void wrongIssuerThenInvalidToken() {
		expectInvalidToken(TestJwts.rs256(KEY_1, claims("alice").issuer("https://evil.example").build()),
				"The token issuer is not accepted");
	}

	@Test
	void wrongAudienceThenInvalidToken() {
		expectInvalidToken(TestJwts.rs256(KEY_1, claims("alice").audience("other-api").build()),
				"The token audience is not accepted");
	}

	@Test
	void expiredJwtThenInvalidToken() {
		expectInvalidToken(TestJwts.rs256(KEY_1,
				claims("alice").expirationTime(Date.from(this.clock.instant().minusSeconds(31))).build()),
				"The token has expired");
	}

	@Test
	void notYetValidJwtThenInvalidToken() {
		expectInvalidToken(TestJwts.rs256(KEY_1,
				claims("alice").notBeforeTime(Date.from(this.clock.instant().plusSeconds(31))).build()),
				"The token is not valid yet");
	}

	@Test
	void cachedJwtThenRefusedOnceItsExpHasPassed() {
		String token = TestJwts.rs256(KEY_1,
				claims("alice").expirationTime(Date.from(this.clock.instant().plusSeconds(60))).build());
		call("/jwks/orders", token).expectStatus().isOk();
		call("/jwks/orders", token).expectStatus().isOk();
		// past exp and past the 30 s of tolerance
		this.clock.advance(Duration.ofSeconds(91));
		expectInvalidToken(token, "The token has expired");
	}

	@Test
	void keyRotationToANewKidThenPickedUpWithoutRestart() {
		idp.jwks("/keys/rotation.json", new JWKSet(KEY_1));
		call("/rotation/orders", TestJwts.rs256(KEY_1, claims("alice").build())).expectStatus().isOk();
		call("/rotation/orders", TestJwts.rs256(KEY_1, claims("bob").build())).expectStatus().isOk();
		assertThat(idp.jwksFetches("/keys/rotation.json")).isEqualTo(1);

		// the issuer rotates: key-1 is retired, key-2 signs from now on
		idp.jwks("/keys/rotation.json", new JWKSet(KEY_2));
		call("/rotation/orders", TestJwts.rs256(KEY_2, claims("carol").build())).expectStatus().isOk();
		assertThat(idp.jwksFetches("/keys/rotation.json")).isEqualTo(2);
		assertThat(idp.upstreamRequests()).extracting((request) -> request.getHeader("X-Auth-Subject"))
			.containsExactly("alice", "bob", "carol");
	}

	@Test
	void jwkSetUnavailableThen503WithRetryAfter() {
		idp.jwks("/keys/down.json", serverError());
		call("/down/orders", TestJwts.rs256(KEY_1, claims("alice").build())).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "9")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
					+ "\"detail\":\"The token signing keys are unavailable\",\"error\":\"temporarily_unavailable\"}");
		assertThat(idp.upstreamRequests()).isEmpty();
	}

}
