package io.tokengate.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tokengate.authn.ClockTicker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The tokens of one upstream credential, one per {@link Partition}, kept fresh.
 * <p>
 * Built on a Caffeine {@link AsyncLoadingCache}, which provides what must not be hand-written:
 * one fetch in flight per partition however many requests wait for it, at most one background
 * refresh per partition, a size bound, and per-entry expiry ({@link Expiry}) that drops a token at
 * {@code exp - clock-skew} or after the idle expiry, whichever comes first. Caffeine's
 * {@link ClockTicker} is derived from the injected {@link Clock}, so tests move one thing.
 * <ul>
 * <li>A usable token is served at once. Once its refresh point has passed, the request also
 * starts a background refresh (Caffeine's {@code refresh}, which keeps serving the old value).</li>
 * <li>A request waits only when no usable token exists.</li>
 * <li>Fetches never fail the cache: a failure is stored as state (see {@link TokenSlot}) that
 * keeps the previous token while it is usable and forbids another attempt until a backoff has
 * passed. A request without a usable token inside that backoff fails at once with
 * {@link UpstreamTokenUnavailableException} carrying the time left.</li>
 * <li>{@link #renew} handles an upstream 401: the rejected token is dropped only if it is still
 * the cached one (a compare-and-remove), so fifty parallel 401s cause one fetch.</li>
 * </ul>
 */
public final class UpstreamTokenCache {

	private static final Log logger = LogFactory.getLog(UpstreamTokenCache.class);

	private final String credential;

	private final UpstreamTokenProvider provider;

	private final RefreshPolicy policy;

	private final Clock clock;

	private final DoubleSupplier random;

	private final AsyncLoadingCache<Partition, TokenSlot> cache;

	private final AtomicLong fetches = new AtomicLong();

	private final AtomicLong failedFetches = new AtomicLong();

	private final AtomicLong succeededFetches = new AtomicLong();

	private final AtomicReference<UpstreamCacheSnapshot.FetchError> lastError = new AtomicReference<>();

	public UpstreamTokenCache(String credential, UpstreamTokenProvider provider, RefreshPolicy policy, Clock clock) {
		this(credential, provider, policy, clock, () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * @param random uniform numbers in [0, 1) for backoff jitter
	 */
	UpstreamTokenCache(String credential, UpstreamTokenProvider provider, RefreshPolicy policy, Clock clock,
			DoubleSupplier random) {
		this.credential = Objects.requireNonNull(credential, "credential");
		this.provider = Objects.requireNonNull(provider, "provider");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.random = Objects.requireNonNull(random, "random");
		this.cache = Caffeine.newBuilder()
			.ticker(new ClockTicker(clock))
			// maintenance on the calling thread: waking a pool thread for it cost more than a hit
			.executor(Runnable::run)
			.maximumSize(policy.maxPartitions())
			.expireAfter(new SlotExpiry())
			.buildAsync(new Loader());
	}

	/**
	 * A usable token for the partition: the cached one, or a fresh one if none is usable. Fails
	 * with {@link UpstreamTokenUnavailableException} when none can be had.
	 */
	public Mono<UpstreamToken> token(Partition partition) {
		return acquire(partition, null);
	}

	/**
	 * A token to replace {@code rejected}, which the upstream answered with 401: if it is still
	 * the cached token it is dropped and a new one fetched; if another request already did that,
	 * the new token is returned. The result may equal {@code rejected} when the token endpoint
	 * hands out the same token again.
	 */
	public Mono<UpstreamToken> renew(Partition partition, UpstreamToken rejected) {
		return acquire(partition, Objects.requireNonNull(rejected, "rejected"));
	}

	private Mono<UpstreamToken> acquire(Partition partition, UpstreamToken rejected) {
		return Mono.defer(() -> {
			CompletableFuture<TokenSlot> observed = this.cache.get(partition, (key, executor) -> load(key, null));
			// suppressCancel: a caller that goes away must not cancel a fetch others wait for
			return Mono.fromFuture(observed, true).flatMap((slot) -> serve(partition, observed, slot, rejected));
		});
	}

	/**
	 * The hot path: the cached token of the partition if it is usable now (starting its
	 * background refresh when due, as {@link #token} does), else {@code null}, and then
	 * {@link #token} has to be asked. A plain call, so that a request served from the cache
	 * builds no reactive pipeline.
	 */
	public UpstreamToken tokenNow(Partition partition) {
		CompletableFuture<TokenSlot> cached = this.cache.getIfPresent(partition);
		if (cached == null || !cached.isDone() || cached.isCompletedExceptionally()) {
			return null;
		}
		TokenSlot slot = cached.join();
		Instant now = this.clock.instant();
		return slot.usableAt(now, this.policy) ? served(partition, slot, now) : null;
	}

	private Mono<UpstreamToken> serve(Partition partition, CompletableFuture<TokenSlot> observed, TokenSlot slot,
			UpstreamToken rejected) {
		Instant now = this.clock.instant();
		boolean wasRejected = slot.holds(rejected);
		if (slot.usableAt(now, this.policy) && !wasRejected) {
			return Mono.just(served(partition, slot, now));
		}
		if (!slot.mayAttemptAt(now)) {
			return Mono.error(unavailable(slot, now));
		}
		TokenSlot previous = wasRejected ? slot.revoke() : slot;
		// only the first of many requests holding this slot removes it; the others join its fetch
		this.cache.asMap().remove(partition, observed);
		CompletableFuture<TokenSlot> next = this.cache.get(partition, (key, executor) -> load(key, previous));
		return Mono.fromFuture(next, true).flatMap((fresh) -> {
			Instant after = this.clock.instant();
			return fresh.usableAt(after, this.policy) ? Mono.just(fresh.token())
					: Mono.error(unavailable(fresh, after));
		});
	}

	/** The token of a usable slot; once its refresh is due, the first caller starts that refresh. */
	private UpstreamToken served(Partition partition, TokenSlot slot, Instant now) {
		if (slot.refreshDueAt(now, this.policy) && slot.mayAttemptAt(now) && slot.claimRefresh()) {
			// in the background, once per slot; the current token is served meanwhile
			this.cache.synchronous().refresh(partition);
		}
		return slot.token();
	}

	private CompletableFuture<TokenSlot> load(Partition partition, TokenSlot previous) {
		this.fetches.incrementAndGet();
		return Mono.defer(() -> this.provider.fetch(partition))
			.timeout(this.policy.timeout())
			.map(this::accept)
			.onErrorResume((ex) -> Mono.fromSupplier(() -> fail(previous, ex)))
			.toFuture();
	}

	private TokenSlot accept(UpstreamToken token) {
		Instant usableUntil = this.policy.usableUntil(token);
		if (usableUntil != null && !this.clock.instant().isBefore(usableUntil)) {
			throw new UpstreamFetchException("the token expires within the clock skew of " + this.policy.clockSkew());
		}
		this.succeededFetches.incrementAndGet();
		if (logger.isDebugEnabled()) {
			logger.debug("Upstream credential '" + this.credential + "': obtained " + token);
		}
		return TokenSlot.fetched(token);
	}

	private TokenSlot fail(TokenSlot previous, Throwable ex) {
		Instant now = this.clock.instant();
		String reason = describe(ex);
		int failures = (previous != null) ? previous.failures() + 1 : 1;
		Duration backoff = this.policy.backoff(failures, this.random.getAsDouble());
		TokenSlot failed = TokenSlot.failed(previous, now.plus(backoff), reason);
		this.failedFetches.incrementAndGet();
		this.lastError.set(new UpstreamCacheSnapshot.FetchError(now, reason));
		if (logger.isWarnEnabled()) {
			String keeping = failed.usableAt(now, this.policy)
					? "keeping the current token until " + this.policy.usableUntil(failed.token())
					: "no usable token";
			logger.warn("Upstream credential '" + this.credential + "': token fetch failed (" + reason + "); "
					+ keeping + "; next attempt in " + backoff.toMillis() + "ms");
		}
		return failed;
	}

	private String describe(Throwable ex) {
		if (ex instanceof UpstreamFetchException) {
			return ex.getMessage();
		}
		if (ex instanceof TimeoutException) {
			return "no answer within " + this.policy.timeout();
		}
		// anything else may carry a URI or a value in its message: name the type only
		return "unexpected " + ex.getClass().getSimpleName();
	}

	private UpstreamTokenUnavailableException unavailable(TokenSlot slot, Instant now) {
		Duration retryAfter = (slot.nextAttemptAt() != null && slot.nextAttemptAt().isAfter(now))
				? Duration.between(now, slot.nextAttemptAt()) : Duration.ZERO;
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		String reason = (slot.lastError() != null) ? slot.lastError() : "the upstream rejected it";
		return new UpstreamTokenUnavailableException(this.credential, Duration.ofSeconds(seconds), reason);
	}

	/** Drops every cached token of this credential; the next request fetches anew. */
	public void evictAll() {
		this.cache.synchronous().invalidateAll();
	}

	/** Drops the cached token of one partition. */
	public void evict(Partition partition) {
		this.cache.synchronous().invalidate(partition);
	}

	/** The state of every settled partition and the fetch counters; never a token value. */
	public UpstreamCacheSnapshot snapshot() {
		List<UpstreamCacheSnapshot.PartitionState> partitions = new ArrayList<>();
		this.cache.asMap().forEach((partition, future) -> {
			TokenSlot slot = future.isDone() && !future.isCompletedExceptionally() ? future.getNow(null) : null;
			if (slot != null) {
				partitions.add(state(partition, slot));
			}
		});
		return new UpstreamCacheSnapshot(this.credential, this.fetches.get(), this.failedFetches.get(),
				this.lastError.get(), partitions);
	}

	private UpstreamCacheSnapshot.PartitionState state(Partition partition, TokenSlot slot) {
		UpstreamToken token = slot.token();
		return new UpstreamCacheSnapshot.PartitionState(partition, (token != null) ? token.fingerprint() : null,
				(token != null) ? token.issuedAt() : null, (token != null) ? token.expiresAt() : null,
				(token != null) ? this.policy.refreshAt(token) : null, slot.usableAt(this.clock.instant(), this.policy),
				slot.failures(), slot.nextAttemptAt(), slot.lastError());
	}

	/** Fetches started since start-up: loads, refreshes and renewals. */
	public long fetches() {
		return this.fetches.get();
	}

	/** Fetches that obtained a usable token. */
	public long succeededFetches() {
		return this.succeededFetches.get();
	}

	/** Fetches that failed (error, timeout, or a token already expired). */
	public long failedFetches() {
		return this.failedFetches.get();
	}

	public String credential() {
		return this.credential;
	}

	public RefreshPolicy policy() {
		return this.policy;
	}

	@Override
	public String toString() {
		return "UpstreamTokenCache[" + this.credential + ", " + this.provider + ", " + this.policy + "]";
	}

	/** Fetches for a missing partition and refreshes an existing one, keeping its failure count. */
	private final class Loader implements AsyncCacheLoader<Partition, TokenSlot> {

		@Override
		public CompletableFuture<? extends TokenSlot> asyncLoad(Partition key, Executor executor) {
			return load(key, null);
		}

		@Override
		public CompletableFuture<? extends TokenSlot> asyncReload(Partition key, TokenSlot oldValue,
				Executor executor) {
			Instant now = UpstreamTokenCache.this.clock.instant();
			if (oldValue.usableAt(now, UpstreamTokenCache.this.policy)
					&& !oldValue.refreshDueAt(now, UpstreamTokenCache.this.policy)) {
				// requests that read the previous token just before a refresh replaced it ask for
				// another refresh; the token now cached is not due, so there is nothing to fetch
				return CompletableFuture.completedFuture(oldValue);
			}
			return load(key, oldValue);
		}

	}

	/**
	 * A usable token lives until {@code exp - clock-skew} or until idle for the idle expiry,
	 * whichever is sooner; a slot without a usable token (kept for its backoff state) for the idle
	 * expiry. Reads extend the idle time, never past usability.
	 */
	private final class SlotExpiry implements Expiry<Partition, TokenSlot> {

		@Override
		public long expireAfterCreate(Partition key, TokenSlot value, long currentTime) {
			return retention(value);
		}

		@Override
		public long expireAfterUpdate(Partition key, TokenSlot value, long currentTime, long currentDuration) {
			return retention(value);
		}

		@Override
		public long expireAfterRead(Partition key, TokenSlot value, long currentTime, long currentDuration) {
			return retention(value);
		}

		private long retention(TokenSlot slot) {
			long idle = UpstreamTokenCache.this.policy.idleExpiry().toNanos();
			Instant now = UpstreamTokenCache.this.clock.instant();
			if (slot.usableAt(now, UpstreamTokenCache.this.policy)) {
				Instant until = UpstreamTokenCache.this.policy.usableUntil(slot.token());
				if (until != null) {
					return Math.min(idle, Duration.between(now, until).toNanos());
				}
			}
			return idle;
		}

	}

}
