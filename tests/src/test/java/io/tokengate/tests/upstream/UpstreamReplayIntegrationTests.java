package io.tokengate.tests.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.tests.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery from an upstream 401 in the running gateway: the token is renewed once however many
 * requests were rejected, the request is replayed with the same bytes, and bodies beyond the
 * replay limit are passed through without replay.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("upstream-replay")
@Import(UpstreamTestConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UpstreamReplayIntegrationTests {

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
		// the token endpoint hands out t1 first, t2 after that (slowly, so rejected requests pile up)
		tokens.stubFor(post("/token").inScenario("tokens")
			.willReturn(okJson("{\"token\":\"t1\",\"expires_in\":3600}"))
			.willSetStateTo("renewed"));
		tokens.stubFor(post("/token").inScenario("tokens")
			.whenScenarioStateIs("renewed")
			.willReturn(okJson("{\"token\":\"t2\",\"expires_in\":3600}").withFixedDelay(200)));
		upstream.stubFor(any(urlPathMatching("/.*")).withHeader("Authorization", equalTo("Bearer t1"))
			.willReturn(aResponse().withStatus(401)
				.withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
				.withBody("token revoked")));
		upstream.stubFor(any(urlPathMatching("/.*")).withHeader("Authorization", equalTo("Bearer t2"))
			.willReturn(okJson("{\"accepted\":true}")));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	private static List<LoggedRequest> upstreamRequests() {
		return WireMockStub.received(upstream, "/.*");
	}

	private static String body(int length) {
		StringBuilder body = new StringBuilder("{\"items\":\"");
		while (body.length() < length - 2) {
			body.append((char) ('a' + body.length() % 26));
		}
		return body.append("\"}").toString();
	}

	@Test
	void requestWhenUpstream401ThenClientSeesReplayedAnswerWithOneNewFetchAndIdenticalBody() {
		String body = "{\"order\": 42, \"note\": \"caf\u00e9 \u2603\"}";
		this.client.post()
			.uri("/replay/orders?x=1")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Request-Id", "r-1")
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody()
			.json("{\"accepted\":true}");

		tokens.verify(2, postRequestedFor(urlPathEqualTo("/token")));
		List<LoggedRequest> sent = upstreamRequests();
		assertThat(sent).extracting((request) -> request.getHeader("Authorization"))
			.containsExactly("Bearer t1", "Bearer t2");
		byte[] original = body.getBytes(StandardCharsets.UTF_8);
		for (LoggedRequest request : sent) {
			assertThat(request.getBody()).isEqualTo(original);
			assertThat(request.getUrl()).isEqualTo("/replay/orders?x=1");
			assertThat(request.getHeader("X-Request-Id")).isEqualTo("r-1");
			assertThat(request.getHeader("Content-Length")).isEqualTo(Integer.toString(original.length));
		}
	}

	@Test
	void requestWhenUpstream401OnGetThenReplayed() {
		this.client.get().uri("/replay/orders").exchange().expectStatus().isOk();
		assertThat(upstreamRequests()).extracting((request) -> request.getHeader("Authorization"))
			.containsExactly("Bearer t1", "Bearer t2");
	}

	@Test
	void requestsWhenFiftyParallel401sThenOneNewFetchAndAllReplayed() {
		// the first token is fetched before the burst
		upstream.stubFor(any(urlPathEqualTo("/replay/prime")).willReturn(okJson("{}")));
		this.client.get().uri("/replay/prime").exchange().expectStatus().isOk();
		tokens.verify(1, postRequestedFor(urlPathEqualTo("/token")));
		WebClient webClient = WebClient.create("http://127.0.0.1:" + this.port);

		List<Integer> statuses = Flux.range(0, 50)
			.flatMap((i) -> webClient.post()
				.uri("/replay/orders/" + i)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"n\":" + i + "}")
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())), 50)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(statuses).hasSize(50).containsOnly(200);
		tokens.verify(2, postRequestedFor(urlPathEqualTo("/token")));
		List<LoggedRequest> replayed = upstreamRequests().stream()
			.filter((request) -> "Bearer t2".equals(request.getHeader("Authorization")))
			.toList();
		assertThat(replayed).hasSize(50);
		for (LoggedRequest request : replayed) {
			String n = request.getUrl().substring("/replay/orders/".length());
			assertThat(request.getBodyAsString()).isEqualTo("{\"n\":" + n + "}");
		}
	}

	@Test
	void requestWhenBodyOverReplayLimitThen401PassedThroughWithoutReplay() {
		String body = body(2048);
		this.client.post()
			.uri("/replay/upload")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.expectBody(String.class)
			.isEqualTo("token revoked");

		tokens.verify(1, postRequestedFor(urlPathEqualTo("/token")));
		assertThat(upstreamRequests()).hasSize(1);
		assertThat(upstreamRequests().get(0).getBodyAsString()).isEqualTo(body);
	}

	@Test
	void requestWhenChunkedBodyOverReplayLimitThenForwardedWholeAnd401PassedThrough() {
		String body = body(3000);
		this.client.post()
			.uri("/replay/upload")
			.contentType(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromDataBuffers(chunks(body, 500)))
			.exchange()
			.expectStatus()
			.isUnauthorized();

		tokens.verify(1, postRequestedFor(urlPathEqualTo("/token")));
		assertThat(upstreamRequests()).hasSize(1);
		assertThat(upstreamRequests().get(0).getBodyAsString()).isEqualTo(body);
		// no length known up front: the gateway had to read past the limit to find out
		assertThat(upstreamRequests().get(0).getHeader("Content-Length")).isNull();
	}

	@Test
	void requestWhenChunkedBodyWithinReplayLimitThenReplayedIdentical() {
		String body = body(900);
		this.client.post()
			.uri("/replay/upload")
			.contentType(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromDataBuffers(chunks(body, 100)))
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(upstreamRequests()).hasSize(2).allSatisfy((request) -> {
			assertThat(request.getBodyAsString()).isEqualTo(body);
			assertThat(request.getHeader("Content-Length")).isNull();
		});
	}

	@Test
	void requestWhenRetryOnUnauthorizedDisabledThen401PassedThrough() {
		this.client.post()
			.uri("/no-replay/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		tokens.verify(1, postRequestedFor(urlPathEqualTo("/token")));
		assertThat(upstreamRequests()).hasSize(1);
	}

	private static Flux<DataBuffer> chunks(String body, int size) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return Flux.range(0, (bytes.length + size - 1) / size).map((i) -> {
			int from = i * size;
			int to = Math.min(bytes.length, from + size);
			return DefaultDataBufferFactory.sharedInstance.wrap(java.util.Arrays.copyOfRange(bytes, from, to));
		});
	}

}
