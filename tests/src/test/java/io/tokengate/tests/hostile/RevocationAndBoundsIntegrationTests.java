package io.tokengate.tests.hostile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.Credential;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Revocation and the bounds of the validation cache: a token revoked at the IdP is refused once
 * {@code max-ttl} has passed (by the moved clock) and at once after an operator eviction; a flood
 * of distinct invalid tokens never grows the cache past {@code max-entries} and asks the IdP
 * about each token at most once per {@code negative-ttl}.
 */
class RevocationAndBoundsIntegrationTests extends HostileGatewayTestSupport {

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	private WebTestClient.ResponseSpec call(String token) {
		return client().get().uri("/api/orders").headers((headers) -> headers.setBearerAuth(token)).exchange();
	}

	private ValidationCache cache() {
		return this.policies.find("hostile").orElseThrow().validationCache().orElseThrow();
	}

	private void revoke() {
		introspectionAnswers(okJson("{\"active\":false}"));
	}

	@Test
	void tokenRevokedAtTheIdpIsRefusedOnceMaxTtlHasPassed() {
		String token = "opaque-revoked-1";
		introspectionAnswers(okJson(active(Duration.ofHours(1))));
		call(token).expectStatus().isOk();
		revoke();
		// max-ttl is 1m: the cached answer may still be served just before it
		this.clock.advance(Duration.ofSeconds(59));
		call(token).expectStatus().isOk();
		assertThat(introspections(token)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		call(token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hostile\", error=\"invalid_token\", "
					+ "error_description=\"The token is not active\"", "Token realm=\"hostile\"",
					"InstallToken realm=\"hostile\"");
		assertThat(introspections(token)).isEqualTo(2);
		assertThat(upstreamRequests()).hasSize(2);
	}

	@Test
	void tokenRevokedAtTheIdpIsRefusedAtOnceAfterAnOperatorEviction() {
		String token = "opaque-revoked-2";
		introspectionAnswers(okJson(active(Duration.ofHours(1))));
		call(token).expectStatus().isOk();
		revoke();
		call(token).expectStatus().isOk();
		assertThat(cache().invalidate(Credential.bearer(token).fingerprint())).isEqualTo(1);
		call(token).expectStatus().isUnauthorized();
		assertThat(introspections(token)).isEqualTo(2);
		assertThat(upstreamRequests()).hasSize(2);
	}

	/**
	 * Also the reproduction of a keep-alive stall in Reactor Netty before 1.3.8 (docs/security.md,
	 * "Keep-alive connections"): introspection answers complete on the client's event loop, and
	 * eight clients reuse their connections at once.
	 */
	@Test
	void floodOfDistinctInvalidTokensStaysWithinMaxEntriesAndAsksOncePerToken() throws Exception {
		int tokens = 2000;
		List<Integer> statuses = sendConcurrently(8, IntStream.range(0, tokens).mapToObj((i) -> "flood-" + i).toList());
		assertThat(statuses).hasSize(tokens).containsOnly(401);
		assertThat(introspections()).isEqualTo(tokens);
		assertThat(upstreamRequests()).isEmpty();
		// Caffeine evicts in its maintenance, which may trail the last write by a moment
		assertThat(cache().maxEntries()).isEqualTo(100);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cache().estimatedSize()).isLessThanOrEqualTo(100));
	}

	@Test
	void invalidTokenAskedAgainAndAgainWithinNegativeTtlCostsOneIdpCall() throws Exception {
		String token = "repeated-invalid-1";
		assertThat(sendConcurrently(4, Collections.nCopies(20, token))).hasSize(20).containsOnly(401);
		this.clock.advance(Duration.ofSeconds(9));
		call(token).expectStatus().isUnauthorized();
		assertThat(introspections(token)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		call(token).expectStatus().isUnauthorized();
		assertThat(introspections(token)).isEqualTo(2);
		assertThat(upstreamRequests()).isEmpty();
	}

	/** Sends each Bearer token once, {@code concurrency} at a time, each request bounded by 10 s. */
	private List<Integer> sendConcurrently(int concurrency, List<String> tokens) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		ExecutorService clients = Executors.newFixedThreadPool(concurrency);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (String token : tokens) {
				HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
					.header("Authorization", "Bearer " + token)
					.timeout(Duration.ofSeconds(10))
					.build();
				answers.add(clients.submit(() -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get(60, TimeUnit.SECONDS));
			}
			return statuses;
		}
		finally {
			clients.shutdownNow();
		}
	}

}
