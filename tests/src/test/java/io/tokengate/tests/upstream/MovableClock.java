package io.tokengate.tests.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's clock in these tests: it replaces the auto-configured {@code Clock} bean, so the
 * upstream token cache (and Caffeine's ticker derived from it) moves when a test moves it.
 */
public final class MovableClock extends Clock {

	/** Where every test starts; tokens minted by the stubs are relative to it. */
	public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private final AtomicReference<Instant> now = new AtomicReference<>(START);

	public void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	public void reset() {
		this.now.set(START);
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
