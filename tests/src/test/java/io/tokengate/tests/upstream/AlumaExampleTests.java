package io.tokengate.tests.upstream;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.tests.support.MovableClock;
import io.tokengate.upstream.UpstreamCacheSnapshot;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/aluma.yml} against a stub shaped like Aluma: OAuth2 client credentials posted as a
 * form to {@code /oauth/token}, {@code expires_in} seconds, Bearer tokens on the API.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.import=file:../config/aluma.yml", "ALUMA_CLIENT_ID=client-123",
				"ALUMA_CLIENT_SECRET=s3cret/456", "ALUMA_CALLER_KEY_SHA256=" + ProviderRequests.CALLER_KEY_SHA256 })
@Import(UpstreamTestConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AlumaExampleTests {

	static final WireMockServer aluma = WireMockStub.start();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("ALUMA_TOKEN_URI", () -> aluma.baseUrl() + "/oauth/token");
		registry.add("ALUMA_API_URI", aluma::baseUrl);
	}

	@AfterAll
	static void stop() {
		aluma.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	UpstreamCredentials credentials;

	@Test
	void requestWhenAlumaExampleThenClientCredentialsFormAndBearerToken() {
		aluma.stubFor(post("/oauth/token").inScenario("tokens")
			.willReturn(okJson("{\"access_token\":\"aluma-at-1\",\"token_type\":\"Bearer\",\"expires_in\":86400}"))
			.willSetStateTo("second"));
		aluma.stubFor(post("/oauth/token").inScenario("tokens")
			.whenScenarioStateIs("second")
			.willReturn(okJson("{\"access_token\":\"aluma-at-2\",\"token_type\":\"Bearer\",\"expires_in\":86400}")));
		aluma.stubFor(get("/v1/documents").withHeader("Authorization", equalTo("Bearer aluma-at-1"))
			.willReturn(okJson("[]")));
		aluma.stubFor(get("/v1/documents").withHeader("Authorization", equalTo("Bearer aluma-at-2"))
			.willReturn(okJson("[\"fresh\"]")));
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();

		client.get()
			.uri("/aluma/v1/documents")
			.header(HttpHeaders.AUTHORIZATION, "Token " + ProviderRequests.CALLER_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("[]");

		List<LoggedRequest> tokenRequests = WireMockStub.received(aluma, "/oauth/token");
		assertThat(tokenRequests).hasSize(1);
		LoggedRequest tokenRequest = tokenRequests.get(0);
		assertThat(tokenRequest.getMethod().getName()).isEqualTo("POST");
		assertThat(tokenRequest.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(tokenRequest.getHeader("Accept")).isEqualTo("application/json");
		assertThat(tokenRequest.containsHeader("Authorization")).isFalse();
		assertThat(ProviderRequests.form(tokenRequest)).isEqualTo(Map.of("grant_type",
				List.of("client_credentials"), "client_id", List.of("client-123"), "client_secret",
				List.of("s3cret/456")));
		assertThat(ProviderRequests.form(tokenRequest).keySet()).containsExactly("grant_type", "client_id",
				"client_secret");

		LoggedRequest apiRequest = WireMockStub.received(aluma, "/v1/documents").get(0);
		assertThat(apiRequest.getHeaders().getHeader("Authorization").values()).containsExactly("Bearer aluma-at-1");

		// the lifetime is expires_in, not an assumption: refreshed after 80% of it, never sent past exp - 30s
		UpstreamCacheSnapshot.PartitionState state = this.credentials.find("aluma")
			.orElseThrow()
			.cache()
			.snapshot()
			.partitions()
			.get(0);
		assertThat(state.expiresAt()).isEqualTo(MovableClock.START.plusSeconds(86400));
		assertThat(state.refreshAt()).isEqualTo(MovableClock.START.plusSeconds(69120));

		// Aluma answers 401 to an expired token: renewed and replayed
		aluma.stubFor(get("/v1/documents").withHeader("Authorization", equalTo("Bearer aluma-at-1"))
			.willReturn(aResponse().withStatus(401)));
		client.get()
			.uri("/aluma/v1/documents")
			.header(HttpHeaders.AUTHORIZATION, "Token " + ProviderRequests.CALLER_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("[\"fresh\"]");
		assertThat(WireMockStub.received(aluma, "/oauth/token")).hasSize(2);
	}

}
