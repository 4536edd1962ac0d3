package io.tokengate.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tokengate.authn.Identity;
import io.tokengate.support.TestClock;
import io.tokengate.upstream.FakeTokenProvider;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.RefreshPolicy;
import io.tokengate.upstream.UpstreamToken;
import io.tokengate.upstream.UpstreamTokenCache;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamTokenGatewayFilterTests {

	private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final FakeTokenProvider provider = new FakeTokenProvider();

	private final RecordingChain chain = new RecordingChain();

	private UpstreamTokenGatewayFilter filter(PartitionType partition, boolean retry, long limit) {
		UpstreamTokenCache cache = new UpstreamTokenCache("aluma", this.provider, RefreshPolicy.DEFAULTS, this.clock);
		UpstreamCredential credential = UpstreamCredential.builder("aluma")
			.partition(partition)
			.cache(cache)
			.injection(TokenInjection.header("Authorization", "Bearer"))
			.retryOnUnauthorized(retry)
			.replayBodyLimit(limit)
			.build();
		return new UpstreamTokenGatewayFilter(credential, new UpstreamErrorResponder());
	}

	private void answer(String value) {
		this.provider.answer(() -> Mono.just(new UpstreamToken(value, this.clock.instant(),
				this.clock.instant().plusSeconds(3600))));
	}

	private static MockServerWebExchange post(String body) {
		MockServerHttpRequest request = MockServerHttpRequest.post("/api")
			.header(HttpHeaders.AUTHORIZATION, "Bearer caller-token")
			.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
			.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body.getBytes(StandardCharsets.UTF_8))));
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		exchange.getAttributes()
			.put(TokenGateAttributes.IDENTITY, new Identity("alice", "app-1", List.of(), null, null, null));
		return exchange;
	}

	@Test
	void filterWhenTokenObtainedThenInjectedInPlaceOfCallersAuthorization() {
		answer("up-1");
		this.chain.statuses.add(HttpStatus.OK);
		MockServerWebExchange exchange = post("{}");
		filter(PartitionType.NONE, true, 1024).filter(exchange, this.chain).block();
		assertThat(this.chain.requests).hasSize(1);
		assertThat(this.chain.requests.get(0).getHeaders().get(HttpHeaders.AUTHORIZATION))
			.containsExactly("Bearer up-1");
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void filterWhenNoTokenObtainableThen503WithRetryAfterAndNothingForwarded() {
		this.provider.fail("the token endpoint answered 500");
		MockServerWebExchange exchange = post("{}");
		filter(PartitionType.NONE, true, 1024).filter(exchange, this.chain).block();
		assertThat(this.chain.requests).isEmpty();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"type\":\"about:blank\","
				+ "\"title\":\"Service Unavailable\",\"status\":503,"
				+ "\"detail\":\"No token for upstream credential 'aluma' can be obtained now\","
				+ "\"credential\":\"aluma\",\"error\":\"temporarily_unavailable\"}");
	}

	@Test
	void filterWhenPartitionedAndIdentityLacksValueThen403AndNoFetch() {
		MockServerWebExchange exchange = post("{}");
		filter(PartitionType.INSTALL_ID, true, 1024).filter(exchange, this.chain).block();
		assertThat(this.chain.requests).isEmpty();
		assertThat(this.provider.count()).isZero();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(exchange.getResponse().getBodyAsString().block())
			.contains("\"detail\":\"Upstream credential 'aluma' is per install-id and the caller's identity has none\"");
	}

	@Test
	void filterWhenUpstream401ThenRenewedAndReplayedWithSameBody() {
		answer("up-1");
		answer("up-2");
		this.chain.statuses.addAll(List.of(HttpStatus.UNAUTHORIZED, HttpStatus.OK));
		MockServerWebExchange exchange = post("{\"order\":42}");
		filter(PartitionType.SUBJECT, true, 1024).filter(exchange, this.chain).block();
		assertThat(this.chain.requests).hasSize(2);
		assertThat(this.chain.requests.get(0).getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer up-1");
		assertThat(this.chain.requests.get(1).getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer up-2");
		assertThat(this.chain.bodies).containsExactly("{\"order\":42}", "{\"order\":42}");
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void filterWhenUpstream401AndBodyOverLimitThen401PassedThroughWithoutRenewal() {
		answer("up-1");
		this.chain.statuses.add(HttpStatus.UNAUTHORIZED);
		MockServerWebExchange exchange = post("x".repeat(11));
		filter(PartitionType.NONE, true, 10).filter(exchange, this.chain).block();
		assertThat(this.chain.requests).hasSize(1);
		assertThat(this.chain.bodies).containsExactly("x".repeat(11));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.provider.count()).isEqualTo(1);
	}

	@Test
	void filterWhenRetryOnUnauthorizedDisabledThen401PassedThrough() {
		answer("up-1");
		this.chain.statuses.add(HttpStatus.UNAUTHORIZED);
		MockServerWebExchange exchange = post("{}");
		filter(PartitionType.NONE, false, 1024).filter(exchange, this.chain).block();
		assertThat(this.chain.requests).hasSize(1);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.provider.count()).isEqualTo(1);
	}

	@Test
	void filterWhenRenewalReturnsSameTokenThen401PassedThroughWithoutReplay() {
		answer("up-1");
		answer("up-1");
		this.chain.statuses.add(HttpStatus.UNAUTHORIZED);
		MockServerWebExchange exchange = post("{}");
		filter(PartitionType.NONE, true, 1024).filter(exchange, this.chain).block();
		assertThat(this.chain.requests).hasSize(1);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void filterWhenRenewalFailsThen503() {
		answer("up-1");
		this.provider.fail("the token endpoint answered 500");
		this.chain.statuses.add(HttpStatus.UNAUTHORIZED);
		MockServerWebExchange exchange = post("{}");
		filter(PartitionType.NONE, true, 1024).filter(exchange, this.chain).block();
		assertThat(this.chain.requests).hasSize(1);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(ServerWebExchangeUtils.isAlreadyRouted(exchange)).isFalse();
	}

	@Test
	void filterWhenTokenAlreadyCachedAndUpstream401AndRenewalFailsThen503() {
		// the second request takes the cached token without building a pipeline to get it
		UpstreamTokenGatewayFilter filter = filter(PartitionType.NONE, true, 1024);
		answer("up-1");
		this.provider.fail("the token endpoint answered 500");
		this.chain.statuses.addAll(List.of(HttpStatus.OK, HttpStatus.UNAUTHORIZED));
		MockServerWebExchange first = post("{}");
		filter.filter(first, this.chain).block();
		MockServerWebExchange second = post("{}");
		filter.filter(second, this.chain).block();
		assertThat(this.chain.requests).hasSize(2);
		assertThat(this.chain.requests.get(1).getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer up-1");
		assertThat(first.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void toStringNamesCredential() {
		assertThat(filter(PartitionType.NONE, true, 0)).hasToString("[UpstreamToken credential = 'aluma']");
		assertThat(filter(PartitionType.NONE, true, 0).getOrder()).isEqualTo(9999);
	}

	/** Stands in for the routing filter: records what would be sent, answers with scripted statuses. */
	static final class RecordingChain implements GatewayFilterChain {

		final List<ServerHttpRequest> requests = new CopyOnWriteArrayList<>();

		final List<String> bodies = new CopyOnWriteArrayList<>();

		final Queue<HttpStatus> statuses = new ConcurrentLinkedQueue<>();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			return DataBufferUtils.join(exchange.getRequest().getBody())
				.map((buffer) -> buffer.toString(StandardCharsets.UTF_8))
				.defaultIfEmpty("")
				.doOnNext((body) -> {
					this.requests.add(exchange.getRequest());
					this.bodies.add(body);
					exchange.getResponse().setStatusCode(this.statuses.remove());
					ServerWebExchangeUtils.setAlreadyRouted(exchange);
				})
				.then();
		}

	}

}
