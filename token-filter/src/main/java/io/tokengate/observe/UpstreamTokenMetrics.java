package io.tokengate.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.upstream.UpstreamCacheSnapshot;
import io.tokengate.upstream.UpstreamTokenCache;

/**
 * The upstream token caches, read when scraped: {@code tokengate.upstream.fetches} by
 * {@code credential} and {@code outcome} ({@code success}, {@code failure}), and
 * {@code tokengate.upstream.token.expires.in} (seconds) by {@code credential}: how long until the
 * soonest-expiring usable token of that credential expires; {@code NaN} when it holds none or its
 * tokens do not expire.
 */
public final class UpstreamTokenMetrics implements MeterBinder {

	private final UpstreamCredentials credentials;

	private final Clock clock;

	public UpstreamTokenMetrics(UpstreamCredentials credentials, Clock clock) {
		this.credentials = credentials;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (UpstreamCredential credential : this.credentials.all()) {
			UpstreamTokenCache cache = credential.cache();
			FunctionCounter.builder("tokengate.upstream.fetches", cache, UpstreamTokenCache::succeededFetches)
				.description("Upstream token fetches")
				.tags("credential", credential.name(), "outcome", "success")
				.register(registry);
			FunctionCounter.builder("tokengate.upstream.fetches", cache, UpstreamTokenCache::failedFetches)
				.description("Upstream token fetches")
				.tags("credential", credential.name(), "outcome", "failure")
				.register(registry);
			Gauge.builder("tokengate.upstream.token.expires.in", cache, this::secondsUntilExpiry)
				.description("Seconds until the soonest-expiring usable token expires")
				.baseUnit("seconds")
				.tag("credential", credential.name())
				.register(registry);
		}
	}

	double secondsUntilExpiry(UpstreamTokenCache cache) {
		Instant now = this.clock.instant();
		return cache.snapshot()
			.partitions()
			.stream()
			.filter(UpstreamCacheSnapshot.PartitionState::usable)
			.map(UpstreamCacheSnapshot.PartitionState::expiresAt)
			.filter((expiresAt) -> expiresAt != null)
			.min(Instant::compareTo)
			.map((expiresAt) -> Duration.between(now, expiresAt).toMillis() / 1000.0)
			.orElse(Double.NaN);
	}

}
