package io.tokengate.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand: every expiry decision (and Caffeine's ticker) reads it, so no
 * test ever sleeps for time to pass.
 */
public final class TestClock extends Clock {

	private final AtomicReference<Instant> now;

	public TestClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	public static TestClock at(long epochSeconds) {
		return new TestClock(Instant.ofEpochSecond(epochSeconds));
	}

	public void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	public void set(Instant instant) {
		this.now.set(instant);
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
