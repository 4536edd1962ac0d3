package io.tokengate.tests.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.tests.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code config/albato.yml} against a stub shaped like Albato's white-label API: a POST with the
 * partner master token and {@code {"id"}}, answered by {@code data.sessionToken} valid until
 * {@code data.sessionTokenValidUntil}; the permanent token in the same answer is never used.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.import=file:../config/albato.yml", "ALBATO_PARTNER=acme",
				"ALBATO_MASTER_TOKEN=cEFJjGffUSkV6WFFyWUhBM1RzS2hRHg7iKgReghUiijBfrdTY6",
				"ALBATO_CALLER_KEY_SHA256=" + ProviderRequests.CALLER_KEY_SHA256, "ALBATO_CALLER_USER_ID=john.smith" })
@Import(UpstreamTestConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AlbatoExampleTests {

	static final WireMockServer albato = WireMockStub.start();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("ALBATO_AUTH_URI", () -> albato.baseUrl() + "/wl/acme/get-user-session-token");
		registry.add("ALBATO_API_URI", albato::baseUrl);
	}

	@AfterAll
	static void stop() {
		albato.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	UpstreamCredentials credentials;

	private static String session(String token, long validUntil) {
		return "{\"success\":true,\"data\":{\"permanentToken\":\"IhIHggKkgBP-qtiDXLAMxKsSOO6A4Mu_L\","
				+ "\"sessionToken\":\"" + token + "\",\"sessionTokenValidUntil\":" + validUntil + "}}";
	}

	@Test
	void requestWhenAlbatoExampleThenSessionTokenUntilValidUntil() {
		long validUntil = MovableClock.START.plusSeconds(600).getEpochSecond();
		albato.stubFor(post("/wl/acme/get-user-session-token").inScenario("sessions")
			.willReturn(okJson(session("sess-1", validUntil)))
			.willSetStateTo("second"));
		albato.stubFor(post("/wl/acme/get-user-session-token").inScenario("sessions")
			.whenScenarioStateIs("second")
			.willReturn(okJson(session("sess-2", validUntil + 600))));
		albato.stubFor(get("/api/v1/bundles").willReturn(okJson("[]")));
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();

		client.get()
			.uri("/albato/api/v1/bundles")
			.header(HttpHeaders.AUTHORIZATION, "Token " + ProviderRequests.CALLER_KEY)
			.exchange()
			.expectStatus()
			.isOk();

		LoggedRequest session = WireMockStub.received(albato, "/wl/acme/get-user-session-token").get(0);
		assertThat(session.getMethod().getName()).isEqualTo("POST");
		assertThat(session.getHeader("Authorization"))
			.isEqualTo("Basic cEFJjGffUSkV6WFFyWUhBM1RzS2hRHg7iKgReghUiijBfrdTY6");
		assertThat(session.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(session.getHeader("Accept")).isEqualTo("application/json");
		assertThat(session.getBodyAsString()).isEqualTo("{\"id\": \"john.smith\"}");

		// valid until sessionTokenValidUntil minus the 30s clock skew: then a new session token
		this.clock.advance(Duration.ofSeconds(569));
		client.get()
			.uri("/albato/api/v1/bundles")
			.header(HttpHeaders.AUTHORIZATION, "Token " + ProviderRequests.CALLER_KEY)
			.exchange()
			.expectStatus()
			.isOk();
		// that request started a background refresh (past 80 % of the lifetime); the next one
		// is meant to find its result, so wait until the cache holds it
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.credentials.find("albato")
				.orElseThrow()
				.cache()
				.snapshot()
				.partitions()
				.stream()
				.anyMatch((partition) -> Instant.ofEpochSecond(validUntil + 600).equals(partition.expiresAt())));
		this.clock.advance(Duration.ofSeconds(1));
		client.get()
			.uri("/albato/api/v1/bundles")
			.header(HttpHeaders.AUTHORIZATION, "Token " + ProviderRequests.CALLER_KEY)
			.exchange()
			.expectStatus()
			.isOk();

		List<String> sent = WireMockStub.received(albato, "/api/v1/bundles")
			.stream()
			.map((request) -> request.getHeader("Authorization"))
			.toList();
		assertThat(sent).containsExactly("Bearer sess-1", "Bearer sess-1", "Bearer sess-2");
		assertThat(WireMockStub.received(albato, "/wl/.*")).hasSize(2);
	}

}
