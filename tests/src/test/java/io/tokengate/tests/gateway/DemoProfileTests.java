package io.tokengate.tests.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tokengate.app.TokengateApplication;
import io.tokengate.credential.Sha256;
import io.tokengate.tests.support.FreePorts;
import io.tokengate.tests.support.GatewayClient;
import io.tokengate.tests.support.MovableClock;
import io.tokengate.tests.upstream.UpstreamTestConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code demo} profile behaves as the README, {@code docs/demo.md} and its start-up log say:
 * the same {@code curl} lines, with the same outcomes. The clock is movable, so the upstream
 * token's refresh shows without waiting.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
@Import(UpstreamTestConfiguration.class)
class DemoProfileTests {

	// the demo route points at the gateway's own port, so that port must be known before start
	private static final int PORT = FreePorts.next();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	GatewayProperties gateway;

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
	void eachRouteFilterChainIsSortedOnceNotPerRequest() {
		// application.yml turns on the gateway's per-route filter cache, which is off by default
		assertThat(this.gateway.isRouteFilterCacheEnabled()).isTrue();
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

	@Test
	@SuppressWarnings("unchecked")
	void protectedRouteSwapsInAnUpstreamTokenFromTheDemoTokenEndpointAndRenewsItWhenItExpires() {
		this.clock.reset();
		DemoCredentialState before = credentialState();
		String first = protectedAuthorization();
		assertThat(first).matches("Bearer demo-[0-9a-f]{32}");
		assertThat(protectedAuthorization()).isEqualTo(first);
		DemoCredentialState fetched = credentialState();
		assertThat(fetched.succeededFetches()).isEqualTo(before.succeededFetches() + 1);
		assertThat(fetched.partition()).containsEntry("fingerprint", Sha256.fingerprint(first.substring(7)))
			.containsEntry("partition", "none")
			.containsEntry("refreshedAt", "2030-01-01T00:00:00Z")
			.containsEntry("expiresAt", "2030-01-01T00:00:30Z")
			.containsEntry("refreshAt", "2030-01-01T00:00:24Z")
			.containsEntry("usable", true);

		// past exp - clock-skew (25s) the old token is never sent again
		this.clock.advance(Duration.ofSeconds(26));
		String second = protectedAuthorization();
		assertThat(second).matches("Bearer demo-[0-9a-f]{32}").isNotEqualTo(first);
		assertThat(credentialState().succeededFetches()).isEqualTo(before.succeededFetches() + 2);
		// and past its exp (30s) the demo upstream refuses it
		this.clock.advance(Duration.ofSeconds(5));
		client().get().uri("/echo-protected/orders").header(HttpHeaders.AUTHORIZATION, first).exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void protectedUpstreamRefusesRequestsWithoutALiveDemoToken() {
		client().get().uri("/echo-protected/orders").exchange().expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"demo-upstream\"");
		client().get().uri("/echo-protected/orders").header(HttpHeaders.AUTHORIZATION, "Bearer demo-made-up")
			.exchange().expectStatus().isUnauthorized();
	}

	@Test
	void actuatorShowsTheDemoPolicyAndRefusesEvictionsByDefault() {
		client().get().uri("/actuator/tokengate").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.writeOperations").isEqualTo(false)
			.jsonPath("$.policies.demo.accept[0]").isEqualTo("token")
			.jsonPath("$.policies.demo.validators").isEqualTo("SchemeDispatchingValidator{TOKEN=ApiKeyValidator[keys=2]}")
			.jsonPath("$.credentials['demo-upstream'].type").isEqualTo("oauth2-client-credentials");
		client().delete().uri("/actuator/tokengate/credentials/demo-upstream").exchange().expectStatus().isNotFound();
		client().delete().uri("/actuator/tokengate/policies/demo").exchange().expectStatus().isNotFound();
	}

	@SuppressWarnings("unchecked")
	private String protectedAuthorization() {
		Map<String, Object> echo = client().get()
			.uri("/protected/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token demo-key-alice")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(echo).containsEntry("path", "/echo-protected/protected/orders");
		Map<String, List<String>> headers = (Map<String, List<String>>) echo.get("headers");
		assertThat(headers).containsEntry("X-Auth-Subject", List.of("alice"));
		assertThat(headers.get("Authorization")).hasSize(1).doesNotContain("Token demo-key-alice");
		return headers.get("Authorization").get(0);
	}

	@SuppressWarnings("unchecked")
	private DemoCredentialState credentialState() {
		Map<String, Object> state = client().get()
			.uri("/actuator/tokengate")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		Map<String, Object> credential = (Map<String, Object>) ((Map<String, Object>) state.get("credentials"))
			.get("demo-upstream");
		List<Map<String, Object>> partitions = (List<Map<String, Object>>) credential.get("partitions");
		return new DemoCredentialState(((Number) credential.get("succeededFetches")).longValue(),
				partitions.isEmpty() ? Map.of() : partitions.get(0));
	}

	private record DemoCredentialState(long succeededFetches, Map<String, Object> partition) {
	}

	private WebTestClient client() {
		return GatewayClient.to(this.port);
	}

}
