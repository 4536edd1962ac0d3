package io.tokengate.authn;

import java.time.Clock;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A Caffeine {@link Ticker} read from a {@link Clock}, so that a cache and the expiry decisions
 * around it share one time source: tests move the clock and both follow.
 * <p>
 * Caffeine reads the ticker on every lookup, so it reads {@link Clock#millis()}: on the system
 * clock that is {@code System.currentTimeMillis()}, whereas {@link Clock#instant()} adds a
 * native call for nanosecond precision. Millisecond resolution is ample for expiries of seconds
 * to hours. Time is counted from the clock's reading at construction, which keeps the values
 * small; Caffeine adds its own long horizons to them and must not overflow.
 */
public final class ClockTicker implements Ticker {

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private final Clock clock;

	private final long originMillis;

	public ClockTicker(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		this.originMillis = clock.millis();
	}

	@Override
	public long read() {
		return (this.clock.millis() - this.originMillis) * NANOS_PER_MILLI;
	}

	@Override
	public String toString() {
		return "ClockTicker[" + this.clock + "]";
	}

}
