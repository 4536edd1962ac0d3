package io.tokengate.tests.upstream;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.tests.support.MovableClock;
import io.tokengate.upstream.UpstreamCacheSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upstream token cache in the running gateway: single flight on a cold key, refresh-ahead,
 * expiry, failures of the token endpoint with and without a usable token, per-user partitions,
 * and the caller's own credential never reaching the upstream. Time is moved, never slept.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("upstream-cache")
@Import(UpstreamTestConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UpstreamTokenCacheIntegrationTests {

	static final WireMockServer tokens = WireMockStub.start();

	static final WireMockServer upstream = WireMockStub.start();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("test.tokens-url", tokens::baseUrl);
		registry.add("test.upstream-url", upstream::baseUrl);
	}

	@AfterAll
	static void stop() {
		tokens.stop();
		upstream.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	UpstreamCredentials credentials;

	WebTestClient client;

	@BeforeEach
	void reset() {
		this.clock.reset();
		this.credentials.all().forEach((credential) -> credential.cache().evictAll());
		tokens.resetAll();
		upstream.resetAll();
		upstream.stubFor(any(urlPathMatching("/.*")).willReturn(okJson("{\"upstream\":\"ok\"}")));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	private static void tokenEndpointAnswers(String token, long expiresIn) {
		tokens.stubFor(post("/shared/token").willReturn(okJson(tokenJson(token, expiresIn))));
	}

	private static String tokenJson(String token, long expiresIn) {
		return "{\"token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}";
	}

	private WebTestClient.ResponseSpec get(String path) {
		return this.client.get().uri(path).exchange();
	}

	/** The Authorization header of every request the upstream received, oldest first. */
	private static List<String> upstreamAuthorizations() {
		return WireMockStub.received(upstream, "/.*").stream().map((request) -> request.getHeader("Authorization")).toList();
	}

	private UpstreamCacheSnapshot snapshot(String credential) {
		return this.credentials.find(credential).orElseThrow().cache().snapshot();
	}

	@Test
	void requestsWhenHundredConcurrentOnColdKeyThenExactlyOneTokenFetch() {
		warmUp();
		tokens.stubFor(post("/shared/token").willReturn(okJson(tokenJson("t1", 3600)).withFixedDelay(300)));
		WebClient webClient = WebClient.create("http://127.0.0.1:" + this.port);

		List<Integer> statuses = Flux.range(0, 100)
			.flatMap((i) -> webClient.get().uri("/shared/orders/" + i).exchangeToMono((response) -> response
				.releaseBody()
				.thenReturn(response.statusCode().value())), 100)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(statuses).hasSize(100).containsOnly(200);
		tokens.verify(1, postRequestedFor(urlPathEqualTo("/shared/token")));
		assertThat(upstreamAuthorizations()).hasSize(100).containsOnly("Bearer t1");
	}

	/** One request through the gateway and its token client, so a cold JVM does not eat the fetch timeout. */
	private void warmUp() {
		tokens.stubFor(post("/users/token").willReturn(okJson("{\"token\":\"warm\",\"expires_in\":3600}")));
		this.client.get()
			.uri("/users/warm-up")
			.header(HttpHeaders.AUTHORIZATION, "Token key-alice")
			.exchange()
			.expectStatus()
			.isOk();
		tokens.resetAll();
		upstream.resetRequests();
	}

	@Test
	void requestWhenRefreshAheadPassedThenServedWithCurrentTokenAndOneBackgroundFetch() {
		tokens.stubFor(post("/shared/token").inScenario("refresh")
			.willReturn(okJson(tokenJson("t1", 1000)))
			.willSetStateTo("refreshed"));
		tokens.stubFor(post("/shared/token").inScenario("refresh")
			.whenScenarioStateIs("refreshed")
			.willReturn(okJson(tokenJson("t2", 1000))));
		get("/shared/a").expectStatus().isOk();

		this.clock.advance(Duration.ofSeconds(800));
		get("/shared/b").expectStatus().isOk();
		// a request that waited for the refresh would have carried t2
		assertThat(upstreamAuthorizations()).containsExactly("Bearer t1", "Bearer t1");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "t2".equals(currentTokenFingerprintSource()));
		get("/shared/c").expectStatus().isOk();

		assertThat(upstreamAuthorizations()).containsExactly("Bearer t1", "Bearer t1", "Bearer t2");
		tokens.verify(2, postRequestedFor(urlPathEqualTo("/shared/token")));
	}

	private String currentTokenFingerprintSource() {
		List<UpstreamCacheSnapshot.PartitionState> partitions = snapshot("shared").partitions();
		if (partitions.isEmpty()) {
			return null;
		}
		String fingerprint = partitions.get(0).fingerprint();
		return io.tokengate.credential.Sha256.fingerprint("t2").equals(fingerprint) ? "t2" : "other";
	}

	@Test
	void requestWhenBeforeRefreshAheadThenNoFetch() {
		tokenEndpointAnswers("t1", 1000);
		get("/shared/a").expectStatus().isOk();
		this.clock.advance(Duration.ofSeconds(799));
		get("/shared/b").expectStatus().isOk();
		tokens.verify(1, postRequestedFor(urlPathEqualTo("/shared/token")));
	}

	@Test
	void requestWhenTokenPastExpiryMinusSkewThenWaitsAndUsesNewToken() {
		tokens.stubFor(post("/shared/token").inScenario("expiry")
			.willReturn(okJson(tokenJson("t1", 100)))
			.willSetStateTo("expired"));
		tokens.stubFor(post("/shared/token").inScenario("expiry")
			.whenScenarioStateIs("expired")
			.willReturn(okJson(tokenJson("t2", 100))));
		get("/shared/a").expectStatus().isOk();

		// usable until exp (100s) minus clock-skew (30s)
		this.clock.advance(Duration.ofSeconds(70));
		get("/shared/b").expectStatus().isOk();

		assertThat(upstreamAuthorizations()).containsExactly("Bearer t1", "Bearer t2");
		tokens.verify(2, postRequestedFor(urlPathEqualTo("/shared/token")));
	}

	static Stream<Arguments> failures() {
		return Stream.of(Arguments.of("500", aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")),
				Arguments.of("timeout", okJson(tokenJson("late", 1000)).withFixedDelay(4000)),
				Arguments.of("garbage", aResponse().withStatus(200).withBody("<html>maintenance</html>")),
				Arguments.of("missing pointer", okJson("{\"access_token\":\"wrong-place\"}")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void requestWhenTokenEndpointFailsAndNoUsableTokenThen503WithRetryAfterNamingCredential(String kind,
			ResponseDefinitionBuilder failure) {
		tokens.stubFor(post("/shared/token").willReturn(failure));
		long failedBefore = snapshot("shared").failedFetches();

		get("/shared/a").expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.credential")
			.isEqualTo("shared")
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.detail")
			.isEqualTo("No token for upstream credential 'shared' can be obtained now")
			.consumeWith((body) -> assertThat(new String(body.getResponseBody()))
				.doesNotContain("endpoint-secret-1", "boom", "wrong-place", "maintenance"));

		// within the backoff the gateway does not call the token endpoint again
		get("/shared/b").expectStatus().isEqualTo(503);
		tokens.verify(1, postRequestedFor(urlPathEqualTo("/shared/token")));
		assertThat(upstreamAuthorizations()).isEmpty();
		assertThat(snapshot("shared").failedFetches()).isEqualTo(failedBefore + 1);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void requestWhenRefreshFailsAndTokenUsableThenKeepsTokenUntilExpiryMinusSkew(String kind,
			ResponseDefinitionBuilder failure) {
		tokens.stubFor(post("/shared/token").inScenario("failing")
			.willReturn(okJson(tokenJson("t1", 1000)))
			.willSetStateTo("failing"));
		tokens.stubFor(post("/shared/token").inScenario("failing").whenScenarioStateIs("failing").willReturn(failure));
		get("/shared/a").expectStatus().isOk();
		long failedBefore = snapshot("shared").failedFetches();

		this.clock.advance(Duration.ofSeconds(800));
		get("/shared/b").expectStatus().isOk();
		await().atMost(Duration.ofSeconds(10)).until(() -> snapshot("shared").failedFetches() == failedBefore + 1);
		get("/shared/c").expectStatus().isOk();
		assertThat(upstreamAuthorizations()).containsExactly("Bearer t1", "Bearer t1", "Bearer t1");
		tokens.verify(2, postRequestedFor(urlPathEqualTo("/shared/token")));

		// exp - skew: t1 is never sent again
		this.clock.advance(Duration.ofSeconds(170));
		get("/shared/d").expectStatus().isEqualTo(503).expectHeader().exists(HttpHeaders.RETRY_AFTER);
		assertThat(upstreamAuthorizations()).hasSize(3);
	}

	@Test
	void requestsWhenPerSubjectThenEachUserGetsOnlyTheirOwnToken() {
		tokens.stubFor(post("/users/token").withRequestBody(equalToJson("{\"user\":\"alice\"}"))
			.willReturn(okJson("{\"token\":\"tok-alice\",\"expires_in\":3600}")));
		tokens.stubFor(post("/users/token").withRequestBody(equalToJson("{\"user\":\"bob\"}"))
			.willReturn(okJson("{\"token\":\"tok-bob\",\"expires_in\":3600}")));

		for (String key : List.of("key-alice", "key-bob", "key-alice", "key-bob", "key-bob")) {
			this.client.get()
				.uri("/users/profile")
				.header(HttpHeaders.AUTHORIZATION, "Token " + key)
				.exchange()
				.expectStatus()
				.isOk();
		}

		List<LoggedRequest> received = WireMockStub.received(upstream, "/users/.*");
		assertThat(received).hasSize(5);
		for (LoggedRequest request : received) {
			String subject = request.getHeader("X-Auth-Subject");
			assertThat(request.getHeader("Authorization")).isEqualTo("Bearer tok-" + subject);
		}
		assertThat(received).extracting((request) -> request.getHeader("X-Auth-Subject"))
			.containsExactly("alice", "bob", "alice", "bob", "bob");
		tokens.verify(1, postRequestedFor(urlPathEqualTo("/users/token")).withRequestBody(equalTo("{\"user\": \"alice\"}")));
		tokens.verify(1, postRequestedFor(urlPathEqualTo("/users/token")).withRequestBody(equalTo("{\"user\": \"bob\"}")));
		assertThat(snapshot("per-user").partitions()).hasSize(2);
	}

	@Test
	void requestWhenCallerSendsOwnAuthorizationThenReplacedNotForwarded() {
		tokenEndpointAnswers("t1", 3600);
		this.client.get()
			.uri("/shared/a")
			.header(HttpHeaders.AUTHORIZATION, "Bearer caller-credential")
			.exchange()
			.expectStatus()
			.isOk();
		LoggedRequest received = WireMockStub.received(upstream, "/shared/.*").get(0);
		assertThat(received.getHeaders().getHeader("Authorization").values()).containsExactly("Bearer t1");
	}

	@Test
	void requestWhenCallerSendsOwnTokenParameterThenReplacedNotForwarded() {
		this.client.get().uri("/query/items?token=caller-token&x=1&token=second").exchange().expectStatus().isOk();
		LoggedRequest received = WireMockStub.received(upstream, "/query/.*").get(0);
		assertThat(received.getUrl()).isEqualTo("/query/items?x=1&token=static-query-token");
		assertThat(received.getHeader("Authorization")).isNull();
	}

	@Test
	void requestWhenPartitionedRouteCallerSendsKeyThenOnlyUpstreamTokenForwarded() {
		tokens.stubFor(post("/users/token").willReturn(okJson("{\"token\":\"tok-alice\",\"expires_in\":3600}")));
		this.client.get()
			.uri("/users/x")
			.header(HttpHeaders.AUTHORIZATION, "Token key-alice")
			.exchange()
			.expectStatus()
			.isOk();
		LoggedRequest received = WireMockStub.received(upstream, "/users/.*").get(0);
		assertThat(received.getHeaders().getHeader("Authorization").values()).containsExactly("Bearer tok-alice");
	}

}
