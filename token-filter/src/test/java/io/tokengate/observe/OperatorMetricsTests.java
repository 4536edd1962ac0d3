package io.tokengate.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokengate.authn.Identity;
import io.tokengate.authn.IdpCall;
import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.InboundPolicy;
import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.support.TestClock;
import io.tokengate.upstream.Partition;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.RefreshPolicy;
import io.tokengate.upstream.UpstreamFetchException;
import io.tokengate.upstream.UpstreamToken;
import io.tokengate.upstream.UpstreamTokenCache;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorMetricsTests {

	private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TestClock clock = new TestClock(T0);

	@Test
	void idpCallsAreTimedByPolicyKindAndOutcome() {
		IdpCallMetrics metrics = new IdpCallMetrics(this.registry);
		metrics.onCall(new IdpCall("partners", IdpCall.Kind.INTROSPECTION, true, Duration.ofMillis(40)));
		metrics.onCall(new IdpCall("partners", IdpCall.Kind.INTROSPECTION, true, Duration.ofMillis(60)));
		metrics.onCall(new IdpCall("partners", IdpCall.Kind.JWK_SET, false, Duration.ofMillis(2000)));

		var ok = this.registry.get("tokengate.idp.calls")
			.tags("policy", "partners", "kind", "introspection", "outcome", "success")
			.timer();
		assertThat(ok.count()).isEqualTo(2);
		assertThat(ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(100.0);
		assertThat(ok.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(60.0);
		var failed = this.registry.get("tokengate.idp.calls")
			.tags("policy", "partners", "kind", "jwk-set", "outcome", "failure")
			.timer();
		assertThat(failed.count()).isEqualTo(1);
	}

	@Test
	void validationCacheHitsMissesEvictionsAndSizeByPolicy() {
		ValidationCache cache = ValidationCache.builder("partners", this.clock).maxTtl(Duration.ofMinutes(5)).build();
		InboundPolicy policy = InboundPolicy.builder("partners")
			.resolver((request) -> null)
			.validator((credential) -> Mono.empty())
			.validationCache(cache)
			.build();
		InboundPolicy apiKeysOnly = InboundPolicy.builder("keys")
			.resolver((request) -> null)
			.validator((credential) -> Mono.empty())
			.build();
		new ValidationCacheMetrics(new InboundPolicies(List.of(policy, apiKeysOnly))).bindTo(this.registry);

		Identity identity = new Identity("alice", "app", List.of(), null, T0.plusSeconds(3600), Map.of());
		cache.validate(Credential.bearer("one"), (credential) -> Mono.just(identity)).block();
		cache.validate(Credential.bearer("one"), (credential) -> Mono.just(identity)).block();
		cache.validate(Credential.bearer("one"), (credential) -> Mono.just(identity)).block();
		cache.validate(Credential.bearer("two"), (credential) -> Mono.just(identity)).block();
		cache.invalidate(Credential.bearer("two").fingerprint());

		assertThat(gets("hit")).isEqualTo(2.0);
		assertThat(gets("miss")).isEqualTo(2.0);
		assertThat(this.registry.get("tokengate.validation.cache.size").tag("policy", "partners").gauge().value())
			.isEqualTo(1.0);
		assertThat(this.registry.get("tokengate.validation.cache.evictions").tag("policy", "partners")
			.functionCounter().count()).isEqualTo(0.0);
		assertThat(this.registry.find("tokengate.validation.cache.size").tag("policy", "keys").gauge()).isNull();
	}

	private double gets(String result) {
		return this.registry.get("tokengate.validation.cache.gets")
			.tags("policy", "partners", "result", result)
			.functionCounter()
			.count();
	}

	@Test
	void upstreamFetchesByOutcomeAndSecondsUntilExpiry() {
		RefreshPolicy refresh = RefreshPolicy.builder()
			.clockSkew(Duration.ofSeconds(10))
			.refreshAhead(0.8)
			.timeout(Duration.ofSeconds(5))
			.idleExpiry(Duration.ofMinutes(10))
			.maxPartitions(100)
			.backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0)
			.build();
		UpstreamTokenCache cache = new UpstreamTokenCache("aluma", (partition) -> {
			if (partition.value().equals("bad")) {
				return Mono.error(new UpstreamFetchException("answered 500"));
			}
			long lifetime = partition.value().equals("bob") ? 300 : 100;
			return Mono.just(new UpstreamToken("tok-" + partition.value(), this.clock.instant(),
					this.clock.instant().plusSeconds(lifetime)));
		}, refresh, this.clock);
		UpstreamCredential credential = UpstreamCredential.builder("aluma")
			.partition(PartitionType.SUBJECT)
			.cache(cache)
			.build();
		UpstreamTokenMetrics metrics = new UpstreamTokenMetrics(new UpstreamCredentials(List.of(credential)),
				this.clock);
		metrics.bindTo(this.registry);
		assertThat(expiresIn()).isNaN();

		cache.token(Partition.of(PartitionType.SUBJECT, "alice")).block();
		cache.token(Partition.of(PartitionType.SUBJECT, "bob")).block();
		cache.token(Partition.of(PartitionType.SUBJECT, "bad")).onErrorResume((ex) -> Mono.empty()).block();
		this.clock.advance(Duration.ofSeconds(30));

		assertThat(fetches("success")).isEqualTo(2.0);
		assertThat(fetches("failure")).isEqualTo(1.0);
		assertThat(expiresIn()).isEqualTo(70.0);
		assertThat(this.registry.get("tokengate.upstream.token.expires.in").gauge().getId().getBaseUnit())
			.isEqualTo("seconds");
	}

	private double fetches(String outcome) {
		return this.registry.get("tokengate.upstream.fetches")
			.tags("credential", "aluma", "outcome", outcome)
			.functionCounter()
			.count();
	}

	private double expiresIn() {
		return this.registry.get("tokengate.upstream.token.expires.in").tag("credential", "aluma").gauge().value();
	}

}
