package io.tokengate.tests.authn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The gateway's clock in the authn tests: it stands still at the real time it was made and
 * moves only when a test moves it, so cache and token expiry are reached exactly and without
 * sleeping. Starting at the real time keeps it in step with real servers (Spring Authorization
 * Server) that stamp tokens with the real time.
 */
public final class MovableClock extends Clock {

	private volatile Instant now = Instant.now();

	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

}
