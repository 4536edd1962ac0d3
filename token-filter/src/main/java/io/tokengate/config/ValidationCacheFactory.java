package io.tokengate.config;

import java.time.Clock;

import io.tokengate.authn.ValidationCache;

/**
 * Builds a policy's {@link ValidationCache} from {@code tokengate.inbound.<name>.cache}.
 */
final class ValidationCacheFactory {

	private final Clock clock;

	ValidationCacheFactory(Clock clock) {
		this.clock = clock;
	}

	/** Rejects invalid settings, whether or not the policy ends up needing a cache. */
	static void check(String prefix, ValidationCacheProperties cache) {
		PropertyChecks.positive(prefix + ".max-ttl", cache.getMaxTtl());
		PropertyChecks.notNegative(prefix + ".negative-ttl", cache.getNegativeTtl());
		PropertyChecks.notNegative(prefix + ".stale-if-error", cache.getStaleIfError());
		PropertyChecks.notNegative(prefix + ".clock-skew", cache.getClockSkew());
		if (cache.getMaxEntries() < 1) {
			throw new TokenGateConfigurationException(prefix + ".max-entries",
					"must be at least 1, was " + cache.getMaxEntries());
		}
	}

	/**
	 * @param policy the policy name, part of every cache key
	 * @param prefix the property prefix, {@code tokengate.inbound.<name>.cache}
	 */
	ValidationCache create(String policy, String prefix, ValidationCacheProperties cache) {
		check(prefix, cache);
		return ValidationCache.builder(policy, this.clock)
			.maxTtl(cache.getMaxTtl())
			.negativeTtl(cache.getNegativeTtl())
			.staleIfError(cache.getStaleIfError())
			.clockSkew(cache.getClockSkew())
			.maxEntries(cache.getMaxEntries())
			.build();
	}

}
