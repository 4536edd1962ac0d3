package io.tokengate.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokengate.authn.ValidationCache;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.InboundPolicy;

/**
 * The validation cache of each policy that has one, read from Caffeine's statistics when scraped:
 * {@code tokengate.validation.cache.gets} (tag {@code result}: {@code hit} or {@code miss}),
 * {@code tokengate.validation.cache.evictions} and {@code tokengate.validation.cache.size}, each
 * tagged with {@code policy}.
 */
public final class ValidationCacheMetrics implements MeterBinder {

	private final InboundPolicies policies;

	public ValidationCacheMetrics(InboundPolicies policies) {
		this.policies = policies;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (InboundPolicy policy : this.policies.all()) {
			policy.validationCache().ifPresent((cache) -> bind(registry, policy.name(), cache));
		}
	}

	private static void bind(MeterRegistry registry, String policy, ValidationCache cache) {
		FunctionCounter.builder("tokengate.validation.cache.gets", cache, (c) -> c.stats().hitCount())
			.description("Validation cache lookups")
			.tags("policy", policy, "result", "hit")
			.register(registry);
		FunctionCounter.builder("tokengate.validation.cache.gets", cache, (c) -> c.stats().missCount())
			.description("Validation cache lookups")
			.tags("policy", policy, "result", "miss")
			.register(registry);
		FunctionCounter.builder("tokengate.validation.cache.evictions", cache, (c) -> c.stats().evictionCount())
			.description("Answers evicted for size or expiry")
			.tag("policy", policy)
			.register(registry);
		Gauge.builder("tokengate.validation.cache.size", cache, ValidationCache::estimatedSize)
			.description("Answers held (estimate)")
			.tag("policy", policy)
			.register(registry);
	}

}
