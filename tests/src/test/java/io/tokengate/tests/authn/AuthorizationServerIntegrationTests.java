package io.tokengate.tests.authn;

import java.time.Duration;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.tests.authn.authserver.TestAuthorizationServer;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against a real authorization server (Spring Authorization Server): a
 * self-contained (JWT) client-credentials token is validated with the server's JWK Set, a
 * reference (opaque) one with its introspection endpoint, and a revoked reference token is
 * denied once its cache entry has run out.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("authn-sas")
@Import(TestClockConfiguration.class)
@DirtiesContext
class AuthorizationServerIntegrationTests {

	private static final TestIdp upstream = TestIdp.start();

	private static final TestAuthorizationServer authorizationServer = TestAuthorizationServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private MovableClock clock;

	private WebTestClient client;

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		registry.add("test.idp.url", upstream::url);
		registry.add("test.sas.url", authorizationServer::url);
	}

	@AfterAll
	static void stopServers() {
		authorizationServer.close();
		upstream.stop();
	}

	@BeforeEach
	void setUp() {
		upstream.reset();
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	private WebTestClient.ResponseSpec call(String token) {
		return this.client.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	@Test
	void selfContainedTokenThenAllowedThroughTheServersJwkSet() {
		String token = authorizationServer.accessToken("jwt-client", "jwt-secret");
		assertThat(token.split("\\.")).hasSize(3);
		call(token).expectStatus().isOk().expectBody(String.class).isEqualTo("upstream");
		LoggedRequest forwarded = upstream.upstreamRequests().get(0);
		assertThat(forwarded.getHeader("X-Auth-Subject")).isEqualTo("jwt-client");
		assertThat(forwarded.getHeader("X-Auth-Scopes")).isEqualTo("orders.read");
		assertThat(forwarded.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
	}

	@Test
	void referenceTokenThenAllowedThroughIntrospectionAndDeniedAfterRevocationOnceTheCacheRunsOut() {
		String token = authorizationServer.accessToken("reference-client", "reference-secret");
		assertThat(token).doesNotContain(".");
		call(token).expectStatus().isOk();
		assertThat(upstream.upstreamRequests().get(0).getHeader("X-Auth-Subject")).isEqualTo("reference-client");

		authorizationServer.revoke(token, "reference-client", "reference-secret");
		// the gateway still holds the answer it got before the revocation (max-ttl 30s)
		call(token).expectStatus().isOk();

		// past max-ttl, well before the token's own exp (5 min): the server is asked again
		this.clock.advance(Duration.ofSeconds(31));
		call(token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer realm=\"sas\", error=\"invalid_token\", error_description=\"The token is not active\"")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"The token is not active\",\"error\":\"invalid_token\"}");
		assertThat(upstream.upstreamRequests()).hasSize(2);
	}

	@Test
	void selfContainedTokenWithABrokenSignatureThenDenied() {
		String token = authorizationServer.accessToken("jwt-client", "jwt-secret");
		String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
		call(tampered).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sas\", error=\"invalid_token\", "
					+ "error_description=\"The token signature or algorithm is not accepted\"");
		assertThat(upstream.upstreamRequests()).isEmpty();
	}

}
