package io.tokengate.tests.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's clock in integration tests: it replaces the auto-configured {@code Clock} bean
 * and stands still until a test moves it, so caches, token expiry and refreshes (and Caffeine's
 * tickers, derived from it) are reached exactly and without sleeping.
 */
public final class MovableClock extends Clock {

	/** Where {@link #atStart()} clocks start; upstream stubs mint tokens relative to it. */
	public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private final Instant start;

	private final AtomicReference<Instant> now;

	private MovableClock(Instant start) {
		this.start = start;
		this.now = new AtomicReference<>(start);
	}

	/** A clock at {@link #START}, the same in every run. */
	public static MovableClock atStart() {
		return new MovableClock(START);
	}

	/**
	 * A clock at the real time it was made: in step with real servers (Spring Authorization
	 * Server) that stamp tokens with the real time.
	 */
	public static MovableClock atRealTime() {
		return new MovableClock(Instant.now());
	}

	public void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	/** Back to where this clock started. */
	public void reset() {
		this.now.set(this.start);
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
