package io.tokengate.upstream;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the cache holds for one partition: the current token, if any, and the state of fetching
 * it. A failed fetch leaves the previous token in place (to be used while it is usable) and
 * records when the next attempt is allowed, so backoff needs no timer and no sleeping thread.
 *
 * @param token the current token, or {@code null} if none was ever obtained
 * @param revoked whether the upstream rejected the token (HTTP 401), so it must not be sent again
 * @param failures fetches failed in a row since the last success
 * @param nextAttemptAt no fetch before this instant; {@code null} when not backing off
 * @param lastError why the last fetch failed, safe to log; {@code null} after a success
 * @param refreshClaim set by the first request that starts this slot's background refresh; each
 * slot has its own, so the slot a refresh installs can be refreshed again in its turn
 */
record TokenSlot(UpstreamToken token, boolean revoked, int failures, Instant nextAttemptAt, String lastError,
		AtomicBoolean refreshClaim) {

	TokenSlot(UpstreamToken token, boolean revoked, int failures, Instant nextAttemptAt, String lastError) {
		this(token, revoked, failures, nextAttemptAt, lastError, new AtomicBoolean());
	}

	static TokenSlot fetched(UpstreamToken token) {
		return new TokenSlot(token, false, 0, null, null);
	}

	/** The state after a failed fetch that followed {@code previous} (which may be {@code null}). */
	static TokenSlot failed(TokenSlot previous, Instant nextAttemptAt, String reason) {
		if (previous == null) {
			return new TokenSlot(null, false, 1, nextAttemptAt, reason);
		}
		return new TokenSlot(previous.token, previous.revoked, previous.failures + 1, nextAttemptAt, reason);
	}

	TokenSlot revoke() {
		return new TokenSlot(this.token, true, this.failures, this.nextAttemptAt, this.lastError);
	}

	/** Whether the token may be sent at {@code now}: present, not rejected, before {@code exp - skew}. */
	boolean usableAt(Instant now, RefreshPolicy policy) {
		if (this.token == null || this.revoked) {
			return false;
		}
		Instant until = policy.usableUntil(this.token);
		return until == null || now.isBefore(until);
	}

	boolean refreshDueAt(Instant now, RefreshPolicy policy) {
		Instant due = (this.token != null) ? policy.refreshAt(this.token) : null;
		return due != null && !now.isBefore(due);
	}

	/**
	 * Whether the caller is the first to start this slot's background refresh. Caffeine keeps one
	 * refresh in flight, but from the moment a refresh has answered until Caffeine has installed
	 * its result, a request still holding this slot would start another: under load, with the
	 * refresh answering on another thread, that made several fetches at once.
	 */
	boolean claimRefresh() {
		return this.refreshClaim.compareAndSet(false, true);
	}

	boolean mayAttemptAt(Instant now) {
		return this.nextAttemptAt == null || !now.isBefore(this.nextAttemptAt);
	}

	/** Whether the slot holds the token the upstream rejected. */
	boolean holds(UpstreamToken rejected) {
		return this.token != null && this.token.sameValueAs(rejected);
	}

	@Override
	public String toString() {
		return "TokenSlot[token=" + this.token + ", revoked=" + this.revoked + ", failures=" + this.failures
				+ ", nextAttemptAt=" + this.nextAttemptAt + "]";
	}

}
