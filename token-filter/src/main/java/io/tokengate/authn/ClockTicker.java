package io.tokengate.authn;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A Caffeine {@link Ticker} read from a {@link Clock}, so that a cache and the expiry decisions
 * around it share one time source: tests move the clock and both follow.
 * <p>
 * Nanoseconds are counted from the clock's instant at construction, which keeps the values
 * small; Caffeine adds its own long horizons to them and must not overflow. Caffeine reads the
 * ticker on every lookup, so the difference is plain arithmetic rather than a {@code Duration}.
 */
public final class ClockTicker implements Ticker {

	private final Clock clock;

	private final long originSeconds;

	private final int originNanos;

	public ClockTicker(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		Instant origin = clock.instant();
		this.originSeconds = origin.getEpochSecond();
		this.originNanos = origin.getNano();
	}

	@Override
	public long read() {
		Instant now = this.clock.instant();
		return (now.getEpochSecond() - this.originSeconds) * 1_000_000_000L + (now.getNano() - this.originNanos);
	}

	@Override
	public String toString() {
		return "ClockTicker[" + this.clock + "]";
	}

}
