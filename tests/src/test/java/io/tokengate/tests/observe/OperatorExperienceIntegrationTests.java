package io.tokengate.tests.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tokengate.app.TokengateApplication;
import io.tokengate.credential.Sha256;
import io.tokengate.tests.support.FreePorts;
import io.tokengate.tests.support.GatewayClient;
import io.tokengate.tests.support.MovableClock;
import io.tokengate.tests.upstream.UpstreamTestConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees after a run of allowed, denied and refreshed requests: the metrics (by
 * name, tag and exact value, in Prometheus format and under {@code /actuator/metrics}), the
 * {@code tokengate} endpoint and its evictions, the health of each remote endpoint, the log
 * lines. And in none of it a token, an API key, a client secret or an app certificate.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("ops")
@Import(UpstreamTestConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class OperatorExperienceIntegrationTests {

	static final WireMockServer idp = start();

	static final WireMockServer upstream = start();

	private static final String CALLER_TOKEN = "caller-opaque-token-5d21";

	private static final String REVOKED_TOKEN = "caller-revoked-token-8c4e";

	private static final String API_KEY = "ops-api-key-7f3a";

	private static final List<String> CONFIGURED_SECRETS = List.of(CALLER_TOKEN, REVOKED_TOKEN, API_KEY,
			"introspection-secret-9b1c", "aluma-client-secret-4e2d", "down-client-secret-0a1b",
			"5cfd2fd1755d40ecb72977518be15d3b", "upstream-token-first-61f0", "upstream-token-second-27aa");

	static WireMockServer start() {
		WireMockServer server = new WireMockServer(
				WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
		server.start();
		return server;
	}

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("test.idp-url", idp::baseUrl);
		registry.add("test.upstream-url", upstream::baseUrl);
		registry.add("test.closed-port", FreePorts::next);
	}

	@AfterAll
	static void stop() {
		idp.stop();
		upstream.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Test
	void afterAllowedDeniedAndRefreshedRequestsOperatorsSeeStateButNoSecret(CapturedOutput output) {
		this.clock.reset();
		idp.stubFor(post("/introspect").withRequestBody(containing("token=" + CALLER_TOKEN))
			.willReturn(okJson("{\"active\":true,\"sub\":\"alice\",\"client_id\":\"app-1\",\"exp\":"
					+ MovableClock.START.plusSeconds(3600).getEpochSecond() + "}")));
		idp.stubFor(post("/introspect").withRequestBody(containing("token=" + REVOKED_TOKEN))
			.willReturn(okJson("{\"active\":false}")));
		idp.stubFor(post("/oauth/token").inScenario("refresh")
			.willReturn(okJson("{\"access_token\":\"upstream-token-first-61f0\",\"expires_in\":100}"))
			.willSetStateTo("refreshed"));
		idp.stubFor(post("/oauth/token").inScenario("refresh")
			.whenScenarioStateIs("refreshed")
			.willReturn(okJson("{\"access_token\":\"upstream-token-second-27aa\",\"expires_in\":100}")));
		upstream.stubFor(any(urlPathMatching("/.*")).willReturn(okJson("{}")));
		WebTestClient client = GatewayClient.to(this.port);

		// allowed (introspection, then a cache hit; an API key), denied (revoked, none), refreshed
		get(client, "/aluma/a", "Bearer " + CALLER_TOKEN).expectStatus().isOk();
		get(client, "/aluma/b", "Bearer " + CALLER_TOKEN).expectStatus().isOk();
		get(client, "/agora/c", "Token " + API_KEY).expectStatus().isOk();
		get(client, "/aluma/d", "Bearer " + REVOKED_TOKEN).expectStatus().isUnauthorized();
		client.get().uri("/aluma/e").exchange().expectStatus().isUnauthorized();
		// the size before the clock moves: after it, the expired negative answer leaves the cache
		// whenever Caffeine's maintenance happens to run, so the count there depends on timing
		assertThat(text(client, "/actuator/prometheus"))
			.contains("tokengate_validation_cache_size{policy=\"partners\"} 2.0");
		this.clock.advance(Duration.ofSeconds(85));
		get(client, "/aluma/f", "Bearer " + CALLER_TOKEN).expectStatus().isOk();
		await().atMost(Duration.ofSeconds(10)).until(() -> idp.countRequestsMatching(
				postRequestedFor(urlPathMatching("/oauth/token")).build()).getCount() == 2
				&& credential(client, "aluma").get("succeededFetches").equals(2));
		get(client, "/aluma/g", "Bearer " + CALLER_TOKEN).expectStatus().isOk();

		List<String> upstreamTokens = upstream.getAllServeEvents()
			.stream()
			.map((event) -> event.getRequest().getHeader(HttpHeaders.AUTHORIZATION))
			.toList();
		assertThat(upstreamTokens).contains("Bearer upstream-token-first-61f0", "Bearer upstream-token-second-27aa");

		String prometheus = text(client, "/actuator/prometheus");
		assertThat(prometheus).contains(
				"tokengate_upstream_fetches_total{credential=\"aluma\",outcome=\"success\"} 2.0",
				"tokengate_upstream_fetches_total{credential=\"aluma\",outcome=\"failure\"} 0.0",
				"tokengate_upstream_fetches_total{credential=\"agora\",outcome=\"success\"} 1.0",
				"tokengate_upstream_token_expires_in_seconds{credential=\"aluma\"} 100.0",
				"tokengate_validation_cache_gets_total{policy=\"partners\",result=\"miss\"} 2.0",
				"tokengate_validation_cache_gets_total{policy=\"partners\",result=\"hit\"} 3.0",
				"tokengate_idp_calls_seconds_count{kind=\"introspection\",outcome=\"success\",policy=\"partners\"} 2",
				"tokengate_decisions_total{outcome=\"allowed\",policy=\"partners\",reason=\"none\",route=\"aluma\"} 4.0");
		String fetches = text(client, "/actuator/metrics/tokengate.upstream.fetches?tag=credential:aluma");
		assertThat(fetches).contains("\"name\":\"tokengate.upstream.fetches\"", "\"value\":2.0");

		Map<String, Object> aluma = credential(client, "aluma");
		assertThat(aluma).containsEntry("type", "oauth2-client-credentials")
			.containsEntry("fetches", 2)
			.containsEntry("failedFetches", 0);
		@SuppressWarnings("unchecked")
		Map<String, Object> partition = ((List<Map<String, Object>>) aluma.get("partitions")).get(0);
		assertThat(partition).containsEntry("fingerprint", Sha256.fingerprint("upstream-token-second-27aa"))
			.containsEntry("refreshedAt", "2030-01-01T00:01:25Z")
			.containsEntry("expiresAt", "2030-01-01T00:03:05Z");
		String state = text(client, "/actuator/tokengate");
		String health = text(client, "/actuator/health");
		// one dependency down does not take the application down: UNREACHABLE does not aggregate
		client.get().uri("/actuator/health").exchange().expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components.tokengate.status").isEqualTo("UP")
			.jsonPath("$.components.tokengate.components['down-token-endpoint'].status").isEqualTo("UNREACHABLE")
			.jsonPath("$.components.tokengate.components['aluma-token-endpoint'].status").isEqualTo("UP")
			.jsonPath("$.components.tokengate.components['partners-introspection'].status").isEqualTo("UP");

		// an operator revokes the caller's answer and the upstream token at once
		String fingerprint = Sha256.fingerprint(CALLER_TOKEN);
		client.delete().uri("/actuator/tokengate/policies/partners/" + fingerprint).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.evicted").isEqualTo(1);
		client.delete().uri("/actuator/tokengate/credentials/aluma").exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.evicted").isEqualTo(1);
		assertThat((List<?>) credential(client, "aluma").get("partitions")).isEmpty();
		get(client, "/aluma/h", "Bearer " + CALLER_TOKEN).expectStatus().isOk();
		assertThat(idp.countRequestsMatching(postRequestedFor(urlPathMatching("/introspect")).build()).getCount())
			.isEqualTo(3);

		assertThat(output.getAll()).contains("denied route=aluma policy=partners status=401 reason=invalid_token credential="
				+ Sha256.fingerprint(REVOKED_TOKEN));
		List<String> secrets = new ArrayList<>(CONFIGURED_SECRETS);
		upstreamTokens.stream().filter((value) -> value != null).map((value) -> value.substring(value.indexOf(' ') + 1))
			.forEach(secrets::add);
		String metrics = prometheus + fetches + text(client, "/actuator/metrics/tokengate.idp.calls");
		for (String secret : secrets) {
			assertThat(output.getAll()).as("logs").doesNotContain(secret);
			assertThat(metrics).as("metrics").doesNotContain(secret);
			assertThat(state).as("/actuator/tokengate").doesNotContain(secret);
			assertThat(health).as("/actuator/health").doesNotContain(secret);
		}
	}

	private static WebTestClient.ResponseSpec get(WebTestClient client, String path, String authorization) {
		return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, authorization).exchange();
	}

	private static String text(WebTestClient client, String path) {
		return client.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> credential(WebTestClient client, String name) {
		Map<String, Object> state = client.get()
			.uri("/actuator/tokengate")
			.exchange()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		return (Map<String, Object>) ((Map<String, Object>) state.get("credentials")).get(name);
	}

}
