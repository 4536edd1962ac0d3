package io.tokengate.config;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import io.tokengate.support.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ValidationCacheFactoryTests {

	private static final String PREFIX = "tokengate.inbound.partners.cache";

	private final ValidationCacheFactory factory = new ValidationCacheFactory(new TestClock(Instant.EPOCH));

	private void assertRejected(Consumer<ValidationCacheProperties> change, String message) {
		ValidationCacheProperties cache = new ValidationCacheProperties();
		change.accept(cache);
		assertThatExceptionOfType(TokenGateConfigurationException.class)
			.isThrownBy(() -> this.factory.create("partners", PREFIX, cache))
			.withMessage(message);
	}

	@Test
	void createWhenDefaultsThenDocumentedValues() {
		assertThat(this.factory.create("partners", PREFIX, new ValidationCacheProperties()).toString()).isEqualTo(
				"ValidationCache[policy=partners, maxTtl=PT5M, negativeTtl=PT10S, staleIfError=PT0S, maxEntries=100000]");
	}

	@Test
	void createWhenMaxTtlZeroThenRejected() {
		assertRejected((cache) -> cache.setMaxTtl(Duration.ZERO), PREFIX + ".max-ttl: must be positive, was PT0S");
	}

	@Test
	void createWhenNegativeTtlNegativeThenRejected() {
		assertRejected((cache) -> cache.setNegativeTtl(Duration.ofSeconds(-1)),
				PREFIX + ".negative-ttl: must not be negative, was PT-1S");
	}

	@Test
	void createWhenStaleIfErrorNegativeThenRejected() {
		assertRejected((cache) -> cache.setStaleIfError(Duration.ofMinutes(-1)),
				PREFIX + ".stale-if-error: must not be negative, was PT-1M");
	}

	@Test
	void createWhenClockSkewNegativeThenRejected() {
		assertRejected((cache) -> cache.setClockSkew(Duration.ofSeconds(-30)),
				PREFIX + ".clock-skew: must not be negative, was PT-30S");
	}

	@Test
	void createWhenMaxEntriesBelowOneThenRejected() {
		assertRejected((cache) -> cache.setMaxEntries(0), PREFIX + ".max-entries: must be at least 1, was 0");
	}

}
