package io.tokengate.authn;

import java.time.Duration;
import java.time.Instant;

import io.tokengate.credential.TokenError;
import io.tokengate.credential.TokenErrorCode;
import reactor.core.publisher.Mono;

/**
 * One answer of a validator: an identity (positive), an {@code invalid_token} error (negative),
 * or a failure to judge the token at all, such as an unreachable IdP (failed); and the instant
 * until which it may be served without asking again. A failed answer is never fresh: it reaches
 * the requests that waited for it and nobody else.
 */
record ValidationResult(Identity identity, TokenError error, Instant freshUntil, String fingerprint,
		Mono<Identity> mono) {

	ValidationResult(Identity identity, TokenError error, Instant freshUntil, String fingerprint) {
		// the answer as a Mono, built once: a cache hit then allocates nothing for it
		this(identity, error, freshUntil, fingerprint,
				(identity != null) ? Mono.just(identity) : Mono.error(error.toException()));
	}

	/**
	 * A positive answer, fresh for {@code min(exp - clockSkew, now + maxTtl)}: never past the
	 * token's own expiry, and an identity without {@code exp} still gets asked again.
	 */
	static ValidationResult positive(Identity identity, String fingerprint, Instant now, Duration maxTtl,
			Duration clockSkew) {
		Instant until = now.plus(maxTtl);
		if (identity.expiresAt() != null) {
			Instant usable = identity.expiresAt().minus(clockSkew);
			if (usable.isBefore(until)) {
				until = usable;
			}
		}
		return new ValidationResult(identity, null, until, fingerprint);
	}

	static ValidationResult negative(TokenError error, String fingerprint, Instant now, Duration negativeTtl) {
		return new ValidationResult(null, error, now.plus(negativeTtl), fingerprint);
	}

	/** The validator could not judge the token ({@code 503}): no answer to keep. */
	static ValidationResult failed(TokenError error, String fingerprint, Instant now) {
		return new ValidationResult(null, error, now, fingerprint);
	}

	boolean isPositive() {
		return this.identity != null;
	}

	boolean isFailed() {
		return this.error != null && this.error.code() != TokenErrorCode.INVALID_TOKEN;
	}

	/**
	 * Whether a cached copy may still be served at {@code nowMillis} (epoch milliseconds, as
	 * {@link java.time.Clock#millis()}: every hit asks, and the system clock answers that
	 * cheaper than an {@code Instant}). A positive answer's fresh life already ends at the
	 * token's {@code exp} minus the clock skew, so this also re-checks the token's expiry.
	 */
	boolean isFreshAt(long nowMillis) {
		return nowMillis < this.freshUntil.toEpochMilli();
	}

	/** Whether a positive answer may stand in for an unreachable IdP at {@code now}. */
	boolean isServableStaleAt(Instant now, Duration staleIfError, Duration clockSkew) {
		return isPositive() && now.isBefore(this.freshUntil.plus(staleIfError)) && !isExpiredAt(now, clockSkew);
	}

	/** How long from {@code now} a cache keeps this answer, never negative. */
	Duration lifetimeAt(Instant now, Duration extra, Duration clockSkew) {
		Instant until = this.freshUntil.plus(extra);
		if (isPositive() && this.identity.expiresAt() != null) {
			Instant usable = this.identity.expiresAt().minus(clockSkew);
			if (usable.isBefore(until)) {
				until = usable;
			}
		}
		Duration lifetime = Duration.between(now, until);
		return lifetime.isNegative() ? Duration.ZERO : lifetime;
	}

	private boolean isExpiredAt(Instant now, Duration clockSkew) {
		return isPositive() && this.identity.expiresAt() != null
				&& this.identity.isExpiredAt(now.plus(clockSkew));
	}

	Mono<Identity> toMono() {
		return this.mono;
	}

}
