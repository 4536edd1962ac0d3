package io.tokengate.authn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A Caffeine {@link Ticker} read from a {@link Clock}, so that a cache and the expiry decisions
 * around it share one time source: tests move the clock and both follow.
 * <p>
 * Nanoseconds are counted from the clock's instant at construction, which keeps the values
 * small; Caffeine adds its own long horizons to them and must not overflow.
 */
public final class ClockTicker implements Ticker {

	private final Clock clock;

	private final Instant origin;

	public ClockTicker(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		this.origin = clock.instant();
	}

	@Override
	public long read() {
		return Duration.between(this.origin, this.clock.instant()).toNanos();
	}

	@Override
	public String toString() {
		return "ClockTicker[" + this.clock + "]";
	}

}
