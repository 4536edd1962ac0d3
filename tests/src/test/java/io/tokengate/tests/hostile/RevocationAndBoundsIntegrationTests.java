package io.tokengate.tests.hostile;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.Credential;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

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

	@Test
	void floodOfDistinctInvalidTokensStaysWithinMaxEntriesAndAsksOncePerTokenPerNegativeTtl() {
		int tokens = 2000;
		AtomicInteger denied = new AtomicInteger();
		HttpClient http = HttpClient.create().baseUrl("http://127.0.0.1:" + this.port);
		Flux.range(0, tokens)
			.flatMap((i) -> http.headers((headers) -> headers.set("Authorization", "Bearer flood-" + i))
				.get()
				.uri("/api/orders")
				.response((response, body) -> body.then(reactor.core.publisher.Mono.just(response.status().code()))), 8)
			.doOnNext((status) -> {
				if (status == 401) {
					denied.incrementAndGet();
				}
			})
			.blockLast(Duration.ofSeconds(120));
		assertThat(denied).hasValue(tokens);
		assertThat(introspections()).isEqualTo(tokens);
		assertThat(upstreamRequests()).isEmpty();
		// Caffeine evicts in its maintenance, which may trail the last write by a moment
		assertThat(cache().maxEntries()).isEqualTo(100);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cache().estimatedSize()).isLessThanOrEqualTo(100));

		// one more invalid token, asked for again and again (also concurrently) within negative-ttl
		String token = "flood-repeated";
		Flux.range(0, 20)
			.flatMap((i) -> http.headers((headers) -> headers.set("Authorization", "Bearer " + token))
				.get()
				.uri("/api/orders")
				.response((response, body) -> body.then(reactor.core.publisher.Mono.just(response.status().code()))), 10)
			.collectList()
			.doOnNext((statuses) -> assertThat(statuses).containsOnly(401))
			.block(Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(9));
		call(token).expectStatus().isUnauthorized();
		assertThat(introspections(token)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		call(token).expectStatus().isUnauthorized();
		assertThat(introspections(token)).isEqualTo(2);
	}

}
