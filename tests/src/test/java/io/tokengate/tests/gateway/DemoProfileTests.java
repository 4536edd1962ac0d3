package io.tokengate.tests.gateway;

import java.util.List;
import java.util.Map;

import io.tokengate.app.TokengateApplication;
import io.tokengate.tests.support.FreePorts;
import io.tokengate.tests.support.GatewayClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code demo} profile behaves as the README and its start-up log say: the same four
 * {@code curl} lines, with the same outcomes.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
class DemoProfileTests {

	// the demo route points at the gateway's own port, so that port must be known before start
	private static final int PORT = FreePorts.next();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@LocalServerPort
	int port;

	@Test
	void aliceReachesTheEchoUpstreamWithIdentityHeadersAndNoCredential() {
		Map<String, Object> echo = client().get()
			.uri("/api/orders?page=2")
			.header(HttpHeaders.AUTHORIZATION, "Token demo-key-alice")
			.header("X-Auth-Subject", "mallory")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(echo).containsEntry("method", "GET")
			.containsEntry("path", "/echo/api/orders")
			.containsEntry("query", "page=2");
		@SuppressWarnings("unchecked")
		Map<String, List<String>> headers = (Map<String, List<String>>) echo.get("headers");
		assertThat(headers).containsEntry("X-Auth-Subject", List.of("alice"))
			.containsEntry("X-Auth-App", List.of("demo-app"))
			.containsEntry("X-Auth-Scopes", List.of("orders.read orders.write"))
			.doesNotContainKey("Authorization");
	}

	@Test
	void withoutCredentialTheChallengeNamesTheRealm() {
		client().get().uri("/api/orders").exchange().expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Token realm=\"demo\"");
	}

	@Test
	void badKeyIsInvalidToken() {
		client().get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Token not-a-key").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Token realm=\"demo\", error=\"invalid_token\", error_description=\"Unknown API key\"");
	}

	@Test
	void bobLacksTheScope() {
		client().get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Token demo-key-bob").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.error").isEqualTo("insufficient_scope");
	}

	private WebTestClient client() {
		return GatewayClient.to(this.port);
	}

}
