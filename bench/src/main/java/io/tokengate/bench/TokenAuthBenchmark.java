package io.tokengate.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tokengate.authn.ApiKey;
import io.tokengate.authn.ApiKeyValidator;
import io.tokengate.authn.CachingTokenValidator;
import io.tokengate.authn.Identity;
import io.tokengate.authn.SchemeDispatchingValidator;
import io.tokengate.authn.TokenValidator;
import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.DefaultCredentialResolver;
import io.tokengate.credential.InstallTokenNames;
import io.tokengate.credential.Sha256;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.InboundPolicy;
import io.tokengate.gateway.TokenAuthGatewayFilterFactory;
import io.tokengate.gateway.TokenErrorResponder;
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
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request cost of {@code TokenAuth}: credential resolution, validation and identity
 * headers. {@link #exchangeOnly} is the harness alone (building an exchange and running an
 * empty chain); the filter's own cost is a benchmark's score minus that baseline. The
 * {@code ...HeaderFilters} benchmarks run the gateway's request header filters after the
 * filters, as the routing filter does on every forwarded request, so that what the forwarded
 * request costs downstream is counted too; {@link #headerFiltersOnly} is their baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class TokenAuthBenchmark {

	private GatewayFilter apiKeyFilter;

	private Exchanges.Request apiKeyRequest;

	private GatewayFilter introspectionFilter;

	private Exchanges.Request bearerRequest;

	private GatewayFilterChain upstreamTokenThenHeaderFilters;

	@Setup
	public void setUp() {
		Set<CredentialScheme> accepted = EnumSet.of(CredentialScheme.TOKEN);
		ApiKeyValidator keys = new ApiKeyValidator(List.of(new ApiKey(Sha256.hex("bench-key-0123456789"), "alice",
				"app-7", List.of("orders.read", "orders.write"))));
		InboundPolicy policy = InboundPolicy.builder("bench")
			.accepted(accepted)
			.resolver(new DefaultCredentialResolver(accepted, InstallTokenNames.DEFAULTS, 4096))
			.validator(new SchemeDispatchingValidator(Map.of(CredentialScheme.TOKEN, keys)))
			.requiredScopes(List.of("orders.read"))
			.build();
		this.apiKeyFilter = filter(policy);
		this.apiKeyRequest = Exchanges.get("Token bench-key-0123456789");

		// introspection behind the validation cache, warmed: the common production case
		Set<CredentialScheme> bearer = EnumSet.of(CredentialScheme.BEARER);
		Clock clock = Clock.systemUTC();
		Identity introspected = new Identity("alice", "app-7", List.of("orders.read", "orders.write", "profile"), null,
				clock.instant().plus(Duration.ofHours(1)), Map.of());
		TokenValidator idp = (credential) -> Mono.just(introspected);
		ValidationCache cache = ValidationCache.builder("bench", clock).build();
		InboundPolicy cached = InboundPolicy.builder("bench")
			.accepted(bearer)
			.resolver(new DefaultCredentialResolver(bearer, InstallTokenNames.DEFAULTS, 4096))
			.validator(new SchemeDispatchingValidator(
					Map.of(CredentialScheme.BEARER, new CachingTokenValidator(cache, idp))))
			.requiredScopes(List.of("orders.read"))
			.build();
		this.introspectionFilter = filter(cached);
		this.bearerRequest = Exchanges.get("Bearer 2YotnFZFEjr1zCsicMWpAA.opaque-token-of-realistic-length");
		this.introspectionFilter.filter(Exchanges.of(this.bearerRequest), Exchanges.NO_UPSTREAM).block();
		GatewayFilter upstreamToken = UpstreamTokenBenchmark.cachedFilter(clock);
		this.upstreamTokenThenHeaderFilters = (exchange) -> upstreamToken.filter(exchange, Exchanges.HEADER_FILTERS);
	}

	@Benchmark
	public ServerWebExchange exchangeOnly() {
		ServerWebExchange exchange = Exchanges.of(this.apiKeyRequest);
		Exchanges.NO_UPSTREAM.filter(exchange).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange tokenAuthApiKey() {
		ServerWebExchange exchange = Exchanges.of(this.apiKeyRequest);
		this.apiKeyFilter.filter(exchange, Exchanges.NO_UPSTREAM).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange tokenAuthIntrospectionCached() {
		ServerWebExchange exchange = Exchanges.of(this.bearerRequest);
		this.introspectionFilter.filter(exchange, Exchanges.NO_UPSTREAM).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange headerFiltersOnly() {
		ServerWebExchange exchange = Exchanges.of(this.bearerRequest);
		Exchanges.HEADER_FILTERS.filter(exchange).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange tokenAuthIntrospectionCachedHeaderFilters() {
		ServerWebExchange exchange = Exchanges.of(this.bearerRequest);
		this.introspectionFilter.filter(exchange, Exchanges.HEADER_FILTERS).block();
		return exchange;
	}

	/** The load benchmark's case 4: both filters, then what the routing filter does. */
	@Benchmark
	public ServerWebExchange tokenAuthThenUpstreamTokenHeaderFilters() {
		ServerWebExchange exchange = Exchanges.of(this.bearerRequest);
		this.introspectionFilter.filter(exchange, this.upstreamTokenThenHeaderFilters).block();
		return exchange;
	}

	static GatewayFilter filter(InboundPolicy policy) {
		return new TokenAuthGatewayFilterFactory(new InboundPolicies(List.of(policy)), new TokenErrorResponder())
			.apply(new TokenAuthGatewayFilterFactory.Config().setPolicy(policy.name()));
	}

}
