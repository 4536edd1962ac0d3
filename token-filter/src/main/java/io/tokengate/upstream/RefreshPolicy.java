package io.tokengate.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an upstream token is used, refreshed and given up on, and how hard the cache tries again.
 * <ul>
 * <li>A token is usable until {@code expiresAt - clockSkew}, and never sent after.</li>
 * <li>Once {@code refreshAhead} of its lifetime ({@code issuedAt} to {@code expiresAt}) has passed,
 * the next request starts one background refresh and is served the current token.</li>
 * <li>A failed fetch is retried no sooner than a capped exponential backoff with jitter:
 * {@code first * 2^(n-1)}, at most {@code maxBackoff}, spread by {@code ±jitter}.</li>
 * <li>Every fetch is cut off after {@code timeout}; partitions unused for {@code idleExpiry} are
 * dropped; at most {@code maxPartitions} are kept.</li>
 * </ul>
 * Defaults: skew 30s, refresh-ahead 0.8, timeout 5s, idle expiry 30m, 10,000 partitions,
 * backoff 1s doubling to 60s with ±50% jitter.
 */
public final class RefreshPolicy {

	public static final RefreshPolicy DEFAULTS = builder().build();

	private final Duration clockSkew;

	private final double refreshAhead;

	private final Duration timeout;

	private final Duration idleExpiry;

	private final long maxPartitions;

	private final Duration firstBackoff;

	private final Duration maxBackoff;

	private final double jitter;

	private RefreshPolicy(Builder builder) {
		this.clockSkew = nonNegative(builder.clockSkew, "clockSkew");
		this.refreshAhead = builder.refreshAhead;
		if (!(this.refreshAhead > 0 && this.refreshAhead < 1)) {
			throw new IllegalArgumentException("refreshAhead must be between 0 and 1, exclusive");
		}
		this.timeout = positive(builder.timeout, "timeout");
		this.idleExpiry = positive(builder.idleExpiry, "idleExpiry");
		if (builder.maxPartitions <= 0) {
			throw new IllegalArgumentException("maxPartitions must be positive");
		}
		this.maxPartitions = builder.maxPartitions;
		this.firstBackoff = positive(builder.firstBackoff, "firstBackoff");
		this.maxBackoff = positive(builder.maxBackoff, "maxBackoff");
		if (this.maxBackoff.compareTo(this.firstBackoff) < 0) {
			throw new IllegalArgumentException("maxBackoff must not be shorter than firstBackoff");
		}
		this.jitter = builder.jitter;
		if (!(this.jitter >= 0 && this.jitter <= 1)) {
			throw new IllegalArgumentException("jitter must be between 0 and 1");
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Until when {@code token} may be sent; {@code null} if it does not expire. */
	public Instant usableUntil(UpstreamToken token) {
		return (token.expiresAt() != null) ? token.expiresAt().minus(this.clockSkew) : null;
	}

	/** When a background refresh of {@code token} becomes due; {@code null} if never. */
	public Instant refreshAt(UpstreamToken token) {
		if (token.expiresAt() == null) {
			return null;
		}
		long lifetimeMillis = Duration.between(token.issuedAt(), token.expiresAt()).toMillis();
		Instant due = token.issuedAt().plusMillis((long) (lifetimeMillis * this.refreshAhead));
		Instant usableUntil = usableUntil(token);
		return due.isAfter(usableUntil) ? usableUntil : due;
	}

	/**
	 * The wait before attempt {@code failures + 1}, given a uniform random number in [0, 1).
	 * Computed, not slept: the cache compares it with its {@code Clock}.
	 */
	public Duration backoff(int failures, double random) {
		int exponent = Math.min(Math.max(failures - 1, 0), 30);
		double base = Math.min(this.firstBackoff.toMillis() * Math.pow(2, exponent), this.maxBackoff.toMillis());
		double spread = base * this.jitter * (2 * random - 1);
		long millis = (long) Math.min(base + spread, this.maxBackoff.toMillis());
		return Duration.ofMillis(Math.max(millis, 1));
	}

	public Duration clockSkew() {
		return this.clockSkew;
	}

	public double refreshAhead() {
		return this.refreshAhead;
	}

	public Duration timeout() {
		return this.timeout;
	}

	public Duration idleExpiry() {
		return this.idleExpiry;
	}

	public long maxPartitions() {
		return this.maxPartitions;
	}

	public Duration firstBackoff() {
		return this.firstBackoff;
	}

	public Duration maxBackoff() {
		return this.maxBackoff;
	}

	public double jitter() {
		return this.jitter;
	}

	private static Duration nonNegative(Duration value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative");
		}
		return value;
	}

	private static Duration positive(Duration value, String name) {
		if (nonNegative(value, name).isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return value;
	}

	@Override
	public String toString() {
		return "RefreshPolicy[clockSkew=" + this.clockSkew + ", refreshAhead=" + this.refreshAhead + ", timeout="
				+ this.timeout + ", idleExpiry=" + this.idleExpiry + ", maxPartitions=" + this.maxPartitions
				+ ", backoff=" + this.firstBackoff + ".." + this.maxBackoff + " ±" + this.jitter + "]";
	}

	/** Builds a {@link RefreshPolicy}; every option starts at its documented default. */
	public static final class Builder {

		private Duration clockSkew = Duration.ofSeconds(30);

		private double refreshAhead = 0.8;

		private Duration timeout = Duration.ofSeconds(5);

		private Duration idleExpiry = Duration.ofMinutes(30);

		private long maxPartitions = 10_000;

		private Duration firstBackoff = Duration.ofSeconds(1);

		private Duration maxBackoff = Duration.ofSeconds(60);

		private double jitter = 0.5;

		private Builder() {
		}

		public Builder clockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
			return this;
		}

		public Builder refreshAhead(double refreshAhead) {
			this.refreshAhead = refreshAhead;
			return this;
		}

		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		public Builder idleExpiry(Duration idleExpiry) {
			this.idleExpiry = idleExpiry;
			return this;
		}

		public Builder maxPartitions(long maxPartitions) {
			this.maxPartitions = maxPartitions;
			return this;
		}

		public Builder backoff(Duration first, Duration max, double jitter) {
			this.firstBackoff = first;
			this.maxBackoff = max;
			this.jitter = jitter;
			return this;
		}

		public RefreshPolicy build() {
			return new RefreshPolicy(this);
		}

	}

}
