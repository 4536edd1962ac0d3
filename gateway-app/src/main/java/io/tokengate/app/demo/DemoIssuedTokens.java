package io.tokengate.app.demo;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens the demo token endpoint issued and when each expires, so the demo's protected
 * upstream can tell a live token from an expired or made-up one.
 */
final class DemoIssuedTokens {

	/** Lifetime of every token, short so that refreshes show within a minute. */
	static final Duration LIFETIME = Duration.ofSeconds(30);

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

	private final Clock clock;

	DemoIssuedTokens(Clock clock) {
		this.clock = clock;
	}

	/** A new token, valid for {@link #LIFETIME}. */
	String issue() {
		Instant now = this.clock.instant();
		this.expiries.values().removeIf((expiry) -> !expiry.isAfter(now));
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		String token = "demo-" + HexFormat.of().formatHex(bytes);
		this.expiries.put(token, now.plus(LIFETIME));
		return token;
	}

	/** Whether {@code token} was issued here and has not expired. */
	boolean isLive(String token) {
		Instant expiry = (token != null) ? this.expiries.get(token) : null;
		return expiry != null && this.clock.instant().isBefore(expiry);
	}

}
