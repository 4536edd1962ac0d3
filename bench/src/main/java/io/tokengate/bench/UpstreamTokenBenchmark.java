package io.tokengate.bench;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tokengate.gateway.TokenInjection;
import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.gateway.UpstreamErrorResponder;
import io.tokengate.gateway.UpstreamTokenGatewayFilterFactory;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.RefreshPolicy;
import io.tokengate.upstream.StaticTokenProvider;
import io.tokengate.upstream.UpstreamTokenCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request cost of {@code UpstreamToken} with a cached token: partition lookup, cache
 * hit, header injection. {@link TokenAuthBenchmark#exchangeOnly} is the same harness baseline.
 * {@link #upstreamTokenCached} has the 401 replay off; {@link #upstreamTokenCachedReplayable} has
 * it on, the default, which makes every request's body (here: a GET's empty one) replayable
 * before forwarding it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class UpstreamTokenBenchmark {

	private GatewayFilter filter;

	private GatewayFilter replayableFilter;

	private Exchanges.Request request;

	@Setup
	public void setUp() {
		Clock clock = Clock.systemUTC();
		UpstreamTokenCache cache = new UpstreamTokenCache("bench",
				new StaticTokenProvider("upstream-token-0123456789abcdef", clock), RefreshPolicy.DEFAULTS, clock);
		this.filter = filter(cache, false);
		this.replayableFilter = filter(cache, true);
		this.request = Exchanges.get("Bearer caller-token");
		this.filter.filter(Exchanges.of(this.request), Exchanges.NO_UPSTREAM).block();
	}

	/** {@code UpstreamToken} with a static token, cached, in the header, with the 401 replay off. */
	static GatewayFilter cachedFilter(Clock clock) {
		return filter(new UpstreamTokenCache("bench", new StaticTokenProvider("upstream-token-0123456789abcdef", clock),
				RefreshPolicy.DEFAULTS, clock), false);
	}

	private static GatewayFilter filter(UpstreamTokenCache cache, boolean retryOnUnauthorized) {
		UpstreamCredential credential = UpstreamCredential.builder("bench")
			.type("static")
			.partition(PartitionType.NONE)
			.cache(cache)
			.injection(TokenInjection.header("Authorization", "Bearer"))
			.retryOnUnauthorized(retryOnUnauthorized)
			.build();
		return new UpstreamTokenGatewayFilterFactory(new UpstreamCredentials(List.of(credential)),
				new UpstreamErrorResponder())
			.apply(new UpstreamTokenGatewayFilterFactory.Config().setCredential("bench"));
	}

	@Benchmark
	public ServerWebExchange upstreamTokenCached() {
		ServerWebExchange exchange = Exchanges.of(this.request);
		this.filter.filter(exchange, Exchanges.NO_UPSTREAM).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange upstreamTokenCachedReplayable() {
		ServerWebExchange exchange = Exchanges.of(this.request);
		this.replayableFilter.filter(exchange, Exchanges.NO_UPSTREAM).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange upstreamTokenCachedHeaderFilters() {
		ServerWebExchange exchange = Exchanges.of(this.request);
		this.filter.filter(exchange, Exchanges.HEADER_FILTERS).block();
		return exchange;
	}

}
