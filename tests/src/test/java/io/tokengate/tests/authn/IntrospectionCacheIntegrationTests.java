package io.tokengate.tests.authn;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.tests.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation cache in front of a WireMock introspection endpoint: single-flight, expiry by
 * the moved clock, negative caching, no caching of IdP failures, and stale-if-error.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("authn-introspection")
@Import(TestClockConfiguration.class)
@DirtiesContext
class IntrospectionCacheIntegrationTests {

	private static final TestIdp idp = TestIdp.start();

	private static final String UNAVAILABLE_BODY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
			+ "\"status\":503,\"detail\":\"The token could not be checked\",\"error\":\"temporarily_unavailable\"}";

	@LocalServerPort
	private int port;

	@Autowired
	private MovableClock clock;

	private WebTestClient client;

	private String token;

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
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		TestIdp.warmUpOnce(idp, this.client);
		idp.reset();
		this.token = "opaque-" + UUID.randomUUID();
	}

	private String active(Duration life) {
		return "{\"active\":true,\"sub\":\"alice\",\"client_id\":\"partner-app\",\"scope\":\"orders.read\",\"exp\":"
				+ this.clock.instant().plus(life).getEpochSecond() + "}";
	}

	private WebTestClient.ResponseSpec call(String path) {
		return this.client.get().uri(path).headers((headers) -> headers.setBearerAuth(this.token)).exchange();
	}

	private void expectUnavailable(String path) {
		call(path).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "7")
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody(String.class)
			.isEqualTo(UNAVAILABLE_BODY);
	}

	@Test
	void activeTokenThenUpstreamGetsIdentityHeadersAndNoCredential() {
		idp.introspection("/introspect", this.token, active(Duration.ofHours(1)));
		call("/api/orders").expectStatus().isOk().expectBody(String.class).isEqualTo("upstream");
		List<LoggedRequest> forwarded = idp.upstreamRequests();
		assertThat(forwarded).hasSize(1);
		assertThat(forwarded.get(0).getHeader("X-Auth-Subject")).isEqualTo("alice");
		assertThat(forwarded.get(0).getHeader("X-Auth-App")).isEqualTo("partner-app");
		assertThat(forwarded.get(0).getHeader("X-Auth-Scopes")).isEqualTo("orders.read");
		assertThat(forwarded.get(0).containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
	}

	@Test
	void concurrentFirstRequestsThenOneIntrospectionAndOneMoreOnceTheEntryExpires() {
		// the IdP answers slowly, so the requests pile up behind the one introspection in flight
		idp.introspection("/introspect", this.token, okJson(active(Duration.ofHours(1))).withFixedDelay(500));
		assertThat(burst(200)).hasSize(200).containsOnly(200);
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(1);
		assertThat(idp.upstreamRequests()).hasSize(200);

		this.clock.advance(Duration.ofSeconds(59));
		assertThat(burst(20)).containsOnly(200);
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(1);

		// max-ttl is 1m: the entry is gone, and one request asks again for everyone
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(burst(50)).hasSize(50).containsOnly(200);
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(2);
	}

	@Test
	void tokenExpiringBeforeMaxTtlThenAskedAgainAtExpMinusClockSkew() {
		// exp in 45 s (whole seconds), clock skew 30 s: the answer is fresh for 14 to 15 s only
		idp.introspection("/introspect", this.token, active(Duration.ofSeconds(45)));
		call("/api/orders").expectStatus().isOk();
		this.clock.advance(Duration.ofSeconds(14));
		call("/api/orders").expectStatus().isOk();
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		call("/api/orders").expectStatus().isOk();
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(2);
	}

	@Test
	void inactiveTokenThenAskedOnceWithinNegativeTtl() {
		idp.introspection("/introspect", this.token, "{\"active\":false}");
		for (int i = 0; i < 3; i++) {
			call("/api/orders").expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
						"Bearer realm=\"partners\", error=\"invalid_token\", error_description=\"The token is not active\"",
						"Token realm=\"partners\"", "InstallToken realm=\"partners\"")
				.expectBody(String.class)
				.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
						+ "\"detail\":\"The token is not active\",\"error\":\"invalid_token\"}");
		}
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(10));
		call("/api/orders").expectStatus().isUnauthorized();
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(2);
		assertThat(idp.upstreamRequests()).isEmpty();
	}

	@Test
	void idpServerErrorThen503WithRetryAfterAndNothingCached() {
		idp.introspection("/introspect", this.token, serverError().withBody("{\"active\":true}"));
		expectUnavailable("/api/orders");
		assertThat(idp.upstreamRequests()).isEmpty();
		idp.introspection("/introspect", this.token, active(Duration.ofHours(1)));
		call("/api/orders").expectStatus().isOk();
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(2);
	}

	@Test
	void idpTimeoutThen503WithRetryAfter() {
		idp.introspection("/introspect", this.token, okJson(active(Duration.ofHours(1))).withFixedDelay(4000));
		expectUnavailable("/api/orders");
		assertThat(idp.upstreamRequests()).isEmpty();
	}

	@Test
	void idpGarbageThen503WithRetryAfter() {
		idp.introspection("/introspect", this.token,
				aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("<html>sorry</html>"));
		expectUnavailable("/api/orders");
		idp.introspection("/introspect", this.token, okJson("{\"active\":\"yes\"}"));
		expectUnavailable("/api/orders");
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(2);
		assertThat(idp.upstreamRequests()).isEmpty();
	}

	@Test
	void idpFailsAfterCachedAnswerExpiredWithoutStaleIfErrorThen503() {
		idp.introspection("/introspect", this.token, active(Duration.ofHours(1)));
		call("/api/orders").expectStatus().isOk();
		this.clock.advance(Duration.ofSeconds(61));
		idp.introspection("/introspect", this.token, serverError());
		expectUnavailable("/api/orders");
	}

	@Test
	void idpFailsWithStaleIfErrorThenStaleAnswerServedUntilExp() {
		idp.introspection("/stale/introspect", this.token, active(Duration.ofSeconds(150)));
		call("/stale-api/orders").expectStatus().isOk();

		// fresh life (max-ttl 1m) is over and the IdP fails: the stale answer stands in
		this.clock.advance(Duration.ofSeconds(61));
		idp.introspection("/stale/introspect", this.token, serverError());
		call("/stale-api/orders").expectStatus().isOk();
		assertThat(idp.introspections("/stale/introspect", this.token)).isEqualTo(2);
		assertThat(idp.upstreamRequests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.getHeader("X-Auth-Subject")).isEqualTo("alice"));

		// still inside stale-if-error (2m), but the token's exp has come: no more
		this.clock.advance(Duration.ofSeconds(89));
		expectUnavailable("/stale-api/orders");
		assertThat(idp.introspections("/stale/introspect", this.token)).isEqualTo(3);
		assertThat(idp.upstreamRequests()).hasSize(2);
	}

	/** {@code requests} concurrent requests with the test's token; their statuses. */
	private List<Integer> burst(int requests) {
		ConnectionProvider pool = ConnectionProvider.builder("burst")
			.maxConnections(requests)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			WebClient webClient = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
				.baseUrl("http://127.0.0.1:" + this.port)
				.build();
			return Flux.range(0, requests)
				.flatMap((i) -> webClient.get()
					.uri("/api/orders")
					.headers((headers) -> headers.setBearerAuth(this.token))
					.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
						requests)
				.collectList()
				.block(Duration.ofSeconds(60));
		}
		finally {
			pool.dispose();
		}
	}

}
