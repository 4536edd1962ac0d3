package io.tokengate.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tokengate.authn.Identity;
import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.InboundPolicy;
import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.support.TestClock;
import io.tokengate.upstream.Partition;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.RefreshPolicy;
import io.tokengate.upstream.UpstreamToken;
import io.tokengate.upstream.UpstreamTokenCache;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

class TokenGateEndpointTests {

	private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private final TestClock clock = new TestClock(T0);

	private final ValidationCache validationCache = ValidationCache.builder("partners", this.clock).build();

	private final UpstreamTokenCache tokens = new UpstreamTokenCache("aluma",
			(partition) -> Mono.just(new UpstreamToken("upstream-secret-" + partition.value(), this.clock.instant(),
					this.clock.instant().plusSeconds(100))),
			RefreshPolicy.builder().clockSkew(Duration.ofSeconds(10)).refreshAhead(0.8).build(), this.clock);

	private final InboundPolicies policies = new InboundPolicies(List.of(InboundPolicy.builder("partners")
		.accepted(java.util.EnumSet.of(CredentialScheme.BEARER, CredentialScheme.TOKEN))
		.requiredScopes(List.of("orders.read"))
		.resolver((request) -> null)
		.validator(new io.tokengate.authn.TokenValidator() {

			@Override
			public Mono<Identity> validate(Credential credential) {
				return Mono.empty();
			}

			@Override
			public String toString() {
				return "<none>";
			}

		})
		.validationCache(this.validationCache)
		.build()));

	private final UpstreamCredentials credentials = new UpstreamCredentials(List.of(UpstreamCredential
		.builder("aluma")
		.type("oauth2-client-credentials")
		.partition(PartitionType.SUBJECT)
		.cache(this.tokens)
		.build()));

	private void warmUp() {
		Identity identity = new Identity("alice", "app", List.of(), null, T0.plusSeconds(3600), Map.of());
		this.validationCache.validate(Credential.bearer("caller-secret"), (c) -> Mono.just(identity)).block();
		this.validationCache.validate(Credential.bearer("caller-secret"), (c) -> Mono.just(identity)).block();
		this.tokens.token(Partition.of(PartitionType.SUBJECT, "alice")).block();
	}

	@Test
	@SuppressWarnings("unchecked")
	void stateShowsPoliciesAndCredentialsWithFingerprintsOnly() {
		warmUp();
		Map<String, Object> state = new TokenGateEndpoint(this.policies, this.credentials, false).state();
		Map<String, Object> policy = (Map<String, Object>) ((Map<String, Object>) state.get("policies"))
			.get("partners");
		assertThat(policy).containsEntry("realm", "partners")
			.containsEntry("accept", List.of("bearer", "token"))
			.containsEntry("requiredScopes", List.of("orders.read"))
			.containsEntry("validators", "<none>")
			.containsEntry("cache", Map.of("size", 1L, "staleSize", 0L, "maxEntries", 100_000L, "hits", 1L, "misses", 1L,
					"evictions", 0L));
		Map<String, Object> credential = (Map<String, Object>) ((Map<String, Object>) state.get("credentials"))
			.get("aluma");
		assertThat(credential).containsEntry("type", "oauth2-client-credentials")
			.containsEntry("partition", "subject")
			.containsEntry("inject", "header Authorization (Bearer)")
			.containsEntry("fetches", 1L)
			.containsEntry("succeededFetches", 1L)
			.containsEntry("failedFetches", 0L)
			.containsEntry("lastError", null);
		List<Map<String, Object>> partitions = (List<Map<String, Object>>) credential.get("partitions");
		assertThat(partitions).hasSize(1);
		assertThat(partitions.get(0)).containsEntry("partition", "subject=alice")
			.containsEntry("fingerprint", new UpstreamToken("upstream-secret-alice", T0, null).fingerprint())
			.containsEntry("refreshedAt", "2030-01-01T00:00:00Z")
			.containsEntry("expiresAt", "2030-01-01T00:01:40Z")
			.containsEntry("refreshAt", "2030-01-01T00:01:20Z")
			.containsEntry("usable", true);
		assertThat(state.toString()).doesNotContain("upstream-secret").doesNotContain("caller-secret");
	}

	@Test
	void deleteWhenWriteOperationsOffThenNotFoundAndNothingEvicted() {
		warmUp();
		TokenGateEndpoint endpoint = new TokenGateEndpoint(this.policies, this.credentials, false);
		String fingerprint = Credential.bearer("caller-secret").fingerprint();
		assertThat(endpoint.evictCredential("policies", "partners", fingerprint).getStatus()).isEqualTo(404);
		assertThat(endpoint.evictAll("policies", "partners").getStatus()).isEqualTo(404);
		assertThat(endpoint.evictAll("credentials", "aluma").getStatus()).isEqualTo(404);
		assertThat(this.validationCache.estimatedSize()).isEqualTo(1);
		assertThat(this.tokens.snapshot().partitions()).hasSize(1);
	}

	@Test
	void deleteWhenWriteOperationsOnThenEvicts() {
		warmUp();
		TokenGateEndpoint endpoint = new TokenGateEndpoint(this.policies, this.credentials, true);
		String fingerprint = Credential.bearer("caller-secret").fingerprint();
		WebEndpointResponse<Map<String, Object>> answer = endpoint.evictCredential("policies", "partners",
				fingerprint);
		assertThat(answer.getStatus()).isEqualTo(200);
		assertThat(answer.getBody()).containsEntry("evicted", 1);
		assertThat(this.validationCache.estimatedSize()).isZero();
		assertThat(endpoint.evictAll("credentials", "aluma").getBody()).containsEntry("evicted", 1);
		assertThat(this.tokens.snapshot().partitions()).isEmpty();
		assertThat(endpoint.evictAll("credentials", "nope").getStatus()).isEqualTo(404);
		assertThat(endpoint.evictCredential("credentials", "aluma", fingerprint).getStatus()).isEqualTo(404);
	}

}
