package io.tokengate.authn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.tokengate.credential.Credential;
import io.tokengate.credential.TokenErrorCode;
import io.tokengate.credential.TokenErrorException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The validation cache of one policy: what a validator answered for a credential, so that a hot
 * credential costs a hash and a lookup instead of an IdP call or a signature check.
 * <ul>
 * <li>Keys are {@link ValidationKey}s: the scheme and a SHA-256 of the credential (and install id);
 * each policy has a cache of its own.</li>
 * <li>A positive answer lives {@code min(exp - clockSkew - now, maxTtl)}; an {@code invalid_token}
 * answer lives {@code negativeTtl}; a failure ({@code 503}) reaches the requests that waited for
 * it and is not kept. Every hit re-checks the token's {@code exp}, so no answer outlives its
 * token.</li>
 * <li>Caffeine's {@link AsyncCache} gives single-flight loading: concurrent misses for one key
 * share one future, so they make one IdP call. {@code maxEntries} bounds it.</li>
 * <li>{@code staleIfError} (RFC 5861 §4, applied to an IdP): when the validator fails, a positive
 * answer that stopped being fresh at most this long ago, and whose token has not expired, is
 * served instead. Such answers sit in a second Caffeine cache of the same bound, which expires
 * them by itself.</li>
 * </ul>
 * Time comes from the {@link Clock}; Caffeine reads it through a {@link ClockTicker}.
 */
public final class ValidationCache {

	private static final Log logger = LogFactory.getLog(ValidationCache.class);

	/** A random int masked with this is zero for one hit in eight: those are recorded. */
	private static final int RECORDED_HIT_MASK = 7;

	private final String policy;

	private final Clock clock;

	private final Duration maxTtl;

	private final Duration negativeTtl;

	private final Duration staleIfError;

	private final Duration clockSkew;

	private final long maxEntries;

	private final AsyncCache<ValidationKey, ValidationResult> fresh;

	/** Reads of {@link #fresh} that leave no trace in its eviction policy. */
	private final Policy<ValidationKey, ValidationResult> unrecorded;

	/** Caffeine's statistics, also fed by the lookup that bypasses Caffeine's own counting. */
	private final StatsCounter stats = new ConcurrentStatsCounter();

	/** Positive answers kept for {@code staleIfError} past their fresh life; null when that is 0. */
	private final Cache<ValidationKey, ValidationResult> stale;

	private ValidationCache(Builder builder) {
		this.policy = builder.policy;
		this.clock = builder.clock;
		this.maxTtl = builder.maxTtl;
		this.negativeTtl = builder.negativeTtl;
		this.staleIfError = builder.staleIfError;
		this.clockSkew = builder.clockSkew;
		this.maxEntries = builder.maxEntries;
		Ticker ticker = (builder.ticker != null) ? builder.ticker : new ClockTicker(this.clock);
		this.fresh = caffeine(ticker)
			.maximumSize(this.maxEntries)
			.expireAfter(Expiry.<ValidationKey, ValidationResult>writing(
					(key, result) -> result.lifetimeAt(this.clock.instant(), Duration.ZERO, this.clockSkew)))
			.recordStats(() -> this.stats)
			.buildAsync();
		this.unrecorded = this.fresh.synchronous().policy();
		this.stale = this.staleIfError.isZero() ? null
				: caffeine(ticker).maximumSize(this.maxEntries)
					.expireAfter(Expiry.<ValidationKey, ValidationResult>writing((key, result) -> result
						.lifetimeAt(this.clock.instant(), this.staleIfError, this.clockSkew)))
					.build();
	}

	/**
	 * Caffeine's maintenance (applying recorded reads, evicting) runs on the calling thread: it
	 * is amortised O(1) work, whereas handing it to the common pool wakes a pool thread every few
	 * dozen hits, and on the request path that wake-up cost more than Caffeine's lookup itself.
	 */
	private static Caffeine<Object, Object> caffeine(Ticker ticker) {
		return Caffeine.newBuilder().ticker(ticker).executor(Runnable::run);
	}

	public static Builder builder(String policy, Clock clock) {
		return new Builder(policy, clock);
	}

	/**
	 * The cached answer for {@code credential}, or {@code validator}'s answer, which is then
	 * cached. Fails like {@link TokenValidator#validate(Credential)}.
	 */
	public Mono<Identity> validate(Credential credential, TokenValidator validator) {
		ValidationKey key = ValidationKey.of(credential);
		// a completed, still fresh answer is returned as the Mono it was stored with
		ValidationResult result = freshHit(key);
		if (result != null) {
			return result.toMono();
		}
		return Mono.defer(() -> lookup(key, credential, validator, true));
	}

	/**
	 * The hot path: the identity of a completed, still fresh answer, or its refusal thrown as a
	 * {@link TokenErrorException}; {@code null} when {@link #validate} has to look further
	 * (nothing cached, still loading, or no longer fresh).
	 */
	public Identity validateNow(Credential credential) {
		ValidationResult result = freshHit(ValidationKey.of(credential));
		if (result == null) {
			return null;
		}
		if (!result.isPositive()) {
			throw result.error().toException();
		}
		return result.identity();
	}

	private ValidationResult freshHit(ValidationKey key) {
		ValidationResult result = completedAnswer(key);
		if (result != null && result.isFreshAt(this.clock.millis())) {
			this.stats.recordHits(1);
			return result;
		}
		return null;
	}

	/**
	 * The completed answer held for {@code key}, or {@code null}. Caffeine replays every read it
	 * records into its eviction policy (frequency sketch, access order, timer wheel) when it next
	 * does maintenance, here on the calling thread: that replay cost more than the lookup itself.
	 * One hit in eight is recorded: an answer asked for often is still counted often, which is
	 * what keeps it over one-off tokens, and Caffeine itself drops recorded reads when its read
	 * buffer is full.
	 */
	private ValidationResult completedAnswer(ValidationKey key) {
		if ((ThreadLocalRandom.current().nextInt() & RECORDED_HIT_MASK) == 0) {
			return completed(this.fresh.asMap().get(key));
		}
		// Caffeine's expiry still applies; a load in flight or a failed future reads as absent
		return this.unrecorded.getIfPresentQuietly(key);
	}

	private Mono<Identity> lookup(ValidationKey key, Credential credential, TokenValidator validator,
			boolean mayReload) {
		AtomicBoolean loadedHere = new AtomicBoolean();
		CompletableFuture<ValidationResult> future = this.fresh.get(key, (k, executor) -> {
			loadedHere.set(true);
			return load(k, credential, validator);
		});
		if (mayReload && !loadedHere.get() && future.isCompletedExceptionally()) {
			// a validator that broke its contract (threw something else than a TokenError):
			// Caffeine drops that future just after it completed, and a request arriving in
			// between must ask again rather than be given that earlier failure
			this.fresh.asMap().remove(key, future);
			return lookup(key, credential, validator, false);
		}
		// a future that was complete before this call is a hit; an in-flight one is a fresh answer
		boolean hit = future.isDone() && !loadedHere.get();
		// suppressCancel: one caller going away must not cancel the load the others wait for
		return Mono.fromFuture(future, true).flatMap((result) -> {
			if (hit && mayReload && !result.isFreshAt(this.clock.millis())) {
				// no longer fresh, or a failed answer its own waiters have not removed yet
				this.fresh.asMap().remove(key, future);
				return lookup(key, credential, validator, false);
			}
			if (result.isFailed()) {
				// never kept: the requests that waited for this answer get it, later ones ask again
				this.fresh.asMap().remove(key, future);
			}
			return result.toMono();
		}).onErrorResume(ValidationCache::isUnavailable, (ex) -> staleOrError(key, (TokenErrorException) ex));
	}

	private CompletableFuture<ValidationResult> load(ValidationKey key, Credential credential,
			TokenValidator validator) {
		return validator.validate(credential)
			.map((identity) -> ValidationResult.positive(identity, credential.fingerprint(), this.clock.instant(),
					this.maxTtl, this.clockSkew))
			// a refusal or a failure is an answer like an identity, not a failed future: Caffeine
			// would log a failed future with its stack trace, once per request while an IdP is down
			.onErrorResume(TokenErrorException.class, (ex) -> Mono.just(isInvalidToken(ex)
					? ValidationResult.negative(ex.error(), credential.fingerprint(), this.clock.instant(),
							this.negativeTtl)
					: ValidationResult.failed(ex.error(), credential.fingerprint(), this.clock.instant())))
			.doOnNext((result) -> remember(key, result))
			.toFuture();
	}

	private void remember(ValidationKey key, ValidationResult result) {
		if (this.stale == null) {
			return;
		}
		if (result.isPositive()) {
			this.stale.put(key, result);
		}
		else if (!result.isFailed()) {
			// a definite "no" from the IdP ends whatever an earlier "yes" may stand in for
			this.stale.invalidate(key);
		}
	}

	private Mono<Identity> staleOrError(ValidationKey key, TokenErrorException failure) {
		ValidationResult result = (this.stale != null) ? this.stale.getIfPresent(key) : null;
		if (result != null && result.isServableStaleAt(this.clock.instant(), this.staleIfError, this.clockSkew)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Policy '" + this.policy + "' serves a stale answer for " + key + ": " + failure.getMessage());
			}
			return Mono.just(result.identity());
		}
		return Mono.error(failure);
	}

	private static boolean isInvalidToken(TokenErrorException ex) {
		return ex.error().code() == TokenErrorCode.INVALID_TOKEN;
	}

	private static boolean isUnavailable(Throwable ex) {
		return ex instanceof TokenErrorException tokenError
				&& tokenError.error().code() == TokenErrorCode.TEMPORARILY_UNAVAILABLE;
	}

	/**
	 * Evicts every answer about the credential with this fingerprint (first 12 hex of its
	 * SHA-256), fresh and stale alike, e.g. after the IdP revoked it.
	 * @return how many answers were evicted
	 */
	public int invalidate(String fingerprint) {
		// keys are digests that do not reveal the credential; its fingerprint is kept with the answer
		List<ValidationKey> keys = this.fresh.asMap()
			.entrySet()
			.stream()
			.filter((entry) -> isAbout(completed(entry.getValue()), fingerprint))
			.map(Map.Entry::getKey)
			.toList();
		this.fresh.synchronous().invalidateAll(keys);
		int evicted = keys.size();
		if (this.stale != null) {
			List<ValidationKey> staleKeys = this.stale.asMap()
				.entrySet()
				.stream()
				.filter((entry) -> isAbout(entry.getValue(), fingerprint))
				.map(Map.Entry::getKey)
				.toList();
			this.stale.invalidateAll(staleKeys);
			evicted += (int) staleKeys.stream().filter((key) -> !keys.contains(key)).count();
		}
		return evicted;
	}

	/**
	 * The answer of a load that has finished, else {@code null}: still loading, or completed
	 * exceptionally by a validator that threw something else than a {@code TokenError} (such a
	 * future stays in the map for a moment before Caffeine removes it, and its {@code join}
	 * would throw).
	 */
	private static ValidationResult completed(CompletableFuture<ValidationResult> future) {
		return (future != null && future.isDone() && !future.isCompletedExceptionally()) ? future.join() : null;
	}

	private static boolean isAbout(ValidationResult result, String fingerprint) {
		return result != null && result.fingerprint().equals(fingerprint);
	}

	/** Evicts every answer, fresh and stale. */
	public void invalidateAll() {
		this.fresh.synchronous().invalidateAll();
		if (this.stale != null) {
			this.stale.invalidateAll();
		}
	}

	/** Hits, misses, loads and evictions of the fresh answers since start. */
	public CacheStats stats() {
		return this.fresh.synchronous().stats();
	}

	/** Runs pending evictions now, so that {@link #estimatedSize()} is exact; for measurements. */
	public void cleanUp() {
		this.fresh.synchronous().cleanUp();
		if (this.stale != null) {
			this.stale.cleanUp();
		}
	}

	/** About how many fresh answers are held (Caffeine's estimate). */
	public long estimatedSize() {
		return this.fresh.synchronous().estimatedSize();
	}

	/** About how many answers are held for stale-if-error, 0 when it is off. */
	public long estimatedStaleSize() {
		return (this.stale != null) ? this.stale.estimatedSize() : 0;
	}

	public String policy() {
		return this.policy;
	}

	public long maxEntries() {
		return this.maxEntries;
	}

	@Override
	public String toString() {
		return "ValidationCache[policy=" + this.policy + ", maxTtl=" + this.maxTtl + ", negativeTtl="
				+ this.negativeTtl + ", staleIfError=" + this.staleIfError + ", maxEntries=" + this.maxEntries + "]";
	}

	/**
	 * Builds a {@link ValidationCache}. Defaults: max-ttl 5m, negative-ttl 10s, 100000 entries,
	 * stale-if-error 0 (off), clock skew 30s.
	 */
	public static final class Builder {

		private final String policy;

		private final Clock clock;

		private Duration maxTtl = Duration.ofMinutes(5);

		private Duration negativeTtl = Duration.ofSeconds(10);

		private Duration staleIfError = Duration.ZERO;

		private Duration clockSkew = Duration.ofSeconds(30);

		private long maxEntries = 100_000;

		private Ticker ticker;

		private Builder(String policy, Clock clock) {
			this.policy = Objects.requireNonNull(policy, "policy");
			this.clock = Objects.requireNonNull(clock, "clock");
		}

		/** Longest a positive answer is kept, whatever its token's {@code exp}. */
		public Builder maxTtl(Duration maxTtl) {
			this.maxTtl = positive(maxTtl, "maxTtl");
			return this;
		}

		/** How long an {@code invalid_token} answer is kept. */
		public Builder negativeTtl(Duration negativeTtl) {
			this.negativeTtl = notNegative(negativeTtl, "negativeTtl");
			return this;
		}

		/** How long past its fresh life a positive answer may stand in for a failing IdP. */
		public Builder staleIfError(Duration staleIfError) {
			this.staleIfError = notNegative(staleIfError, "staleIfError");
			return this;
		}

		/** How long before the token's {@code exp} an answer stops being served. */
		public Builder clockSkew(Duration clockSkew) {
			this.clockSkew = notNegative(clockSkew, "clockSkew");
			return this;
		}

		public Builder maxEntries(long maxEntries) {
			if (maxEntries < 1) {
				throw new IllegalArgumentException("maxEntries must be at least 1");
			}
			this.maxEntries = maxEntries;
			return this;
		}

		/** Replaces the ticker derived from the clock; only tests that need the two apart use it. */
		Builder ticker(Ticker ticker) {
			this.ticker = ticker;
			return this;
		}

		public ValidationCache build() {
			return new ValidationCache(this);
		}

		private static Duration positive(Duration duration, String name) {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return duration;
		}

		private static Duration notNegative(Duration duration, String name) {
			if (duration == null || duration.isNegative()) {
				throw new IllegalArgumentException(name + " must not be negative");
			}
			return duration;
		}

	}

}
