package io.tokengate.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tokengate.credential.Sha256;
import io.tokengate.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamTokenCacheTests {

	private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private final TestClock clock = new TestClock(T0);

	private final FakeTokenProvider provider = new FakeTokenProvider();

	// skew 10s: a 100s token is usable until +90s, refreshed from +80s; backoff 1s doubling, no jitter
	private RefreshPolicy policy = RefreshPolicy.builder()
		.clockSkew(Duration.ofSeconds(10))
		.refreshAhead(0.8)
		.timeout(Duration.ofSeconds(5))
		.idleExpiry(Duration.ofMinutes(10))
		.maxPartitions(100)
		.backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0)
		.build();

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	private UpstreamTokenCache cache() {
		return new UpstreamTokenCache("aluma", this.provider, this.policy, this.clock, () -> 0.5);
	}

	private UpstreamToken token(String value, long lifetimeSeconds) {
		return new UpstreamToken(value, this.clock.instant(), this.clock.instant().plusSeconds(lifetimeSeconds));
	}

	private void answer(String value, long lifetimeSeconds) {
		this.provider.answer(() -> Mono.just(token(value, lifetimeSeconds)));
	}

	private static String valueOf(Mono<UpstreamToken> token) {
		return token.map(UpstreamToken::value).block(Duration.ofSeconds(5));
	}

	/** Subscribes {@code count} times from several threads at once, all released together. */
	private List<CompletableFuture<UpstreamToken>> concurrently(int count,
			java.util.function.Supplier<Mono<UpstreamToken>> request) throws InterruptedException {
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch subscribed = new CountDownLatch(count);
		List<CompletableFuture<UpstreamToken>> results = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			CompletableFuture<UpstreamToken> result = new CompletableFuture<>();
			results.add(result);
			this.threads.execute(() -> {
				try {
					start.await();
					request.get().subscribe(result::complete, result::completeExceptionally);
				}
				catch (InterruptedException ex) {
					result.completeExceptionally(ex);
				}
				finally {
					subscribed.countDown();
				}
			});
		}
		start.countDown();
		assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
		return results;
	}

	@Test
	void tokenWhenColdAndHundredConcurrentRequestsThenOneFetch() throws Exception {
		UpstreamTokenCache cache = cache();
		Sinks.One<UpstreamToken> pending = this.provider.pending();
		List<CompletableFuture<UpstreamToken>> results = concurrently(100, () -> cache.token(Partition.NONE));
		assertThat(this.provider.count()).isEqualTo(1);
		assertThat(results).noneMatch(CompletableFuture::isDone);
		pending.tryEmitValue(token("t1", 100));
		for (CompletableFuture<UpstreamToken> result : results) {
			assertThat(result.get(5, TimeUnit.SECONDS).value()).isEqualTo("t1");
		}
		assertThat(this.provider.count()).isEqualTo(1);
	}

	@Test
	void tokenWhenCachedAndUsableThenNoFetch() {
		UpstreamTokenCache cache = cache();
		answer("t1", 100);
		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t1");
		this.clock.advance(Duration.ofSeconds(79));
		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t1");
		assertThat(this.provider.count()).isEqualTo(1);
	}

	@Test
	void tokenWhenRefreshAheadPassedThenServesCurrentAndRefreshesOnceInBackground() {
		UpstreamTokenCache cache = cache();
		answer("t1", 100);
		cache.token(Partition.NONE).block();
		this.clock.advance(Duration.ofSeconds(80));
		Sinks.One<UpstreamToken> refresh = this.provider.pending();

		// served at once with the current token, while the refresh is still in flight
		StepVerifier.create(cache.token(Partition.NONE).map(UpstreamToken::value)).expectNext("t1").verifyComplete();
		StepVerifier.create(cache.token(Partition.NONE).map(UpstreamToken::value)).expectNext("t1").verifyComplete();
		assertThat(this.provider.count()).isEqualTo(2);

		refresh.tryEmitValue(token("t2", 100));
		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t2");
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void tokenWhenRequestsKeepComingWhileARefreshAnswersOnAnotherThreadThenOneRefresh() throws Exception {
		// as in the gateway: the refresh answers on the HTTP client's thread while request
		// threads keep reading the cache; each of them still holds the old slot until Caffeine
		// has installed the new one
		UpstreamTokenCache cache = new UpstreamTokenCache("aluma", this.provider, this.policy, this.clock,
				() -> 0.5);
		answer("t1", 100);
		cache.token(Partition.NONE).block();
		this.provider.otherwise((partition) -> Mono.delay(Duration.ofMillis(20)).map((tick) -> token("t2", 100)));
		this.clock.advance(Duration.ofSeconds(80));

		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		AtomicBoolean refreshed = new AtomicBoolean();
		List<Future<?>> workers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			workers.add(this.threads.submit(() -> {
				int afterRefresh = 0;
				// bounded in time; keeps going a while after t2 appears, to catch late duplicates
				while (System.nanoTime() < deadline && afterRefresh < 2_000) {
					UpstreamToken token = cache.token(Partition.NONE).block(Duration.ofSeconds(1));
					if (token.value().equals("t2")) {
						refreshed.set(true);
						afterRefresh++;
					}
				}
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(5, TimeUnit.SECONDS);
		}
		assertThat(refreshed).isTrue();
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void tokenNowWhenNothingCachedOrStillFetchingThenNullAndNoFetch() {
		UpstreamTokenCache cache = cache();
		assertThat(cache.tokenNow(Partition.NONE)).isNull();
		assertThat(this.provider.count()).isZero();
		Sinks.One<UpstreamToken> fetch = this.provider.pending();
		CompletableFuture<UpstreamToken> waiting = cache.token(Partition.NONE).toFuture();
		assertThat(cache.tokenNow(Partition.NONE)).isNull();
		fetch.tryEmitValue(token("t1", 100));
		assertThat(waiting).isCompletedWithValueMatching((token) -> token.value().equals("t1"));
		assertThat(cache.tokenNow(Partition.NONE).value()).isEqualTo("t1");
		assertThat(this.provider.count()).isEqualTo(1);
	}

	@Test
	void tokenNowWhenRefreshDueThenServesCurrentAndStartsOneRefresh() {
		UpstreamTokenCache cache = cache();
		answer("t1", 100);
		cache.token(Partition.NONE).block();
		this.clock.advance(Duration.ofSeconds(79));
		assertThat(cache.tokenNow(Partition.NONE).value()).isEqualTo("t1");
		assertThat(this.provider.count()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		Sinks.One<UpstreamToken> refresh = this.provider.pending();
		assertThat(cache.tokenNow(Partition.NONE).value()).isEqualTo("t1");
		assertThat(cache.tokenNow(Partition.NONE).value()).isEqualTo("t1");
		assertThat(this.provider.count()).isEqualTo(2);
		refresh.tryEmitValue(token("t2", 100));
		assertThat(cache.tokenNow(Partition.NONE).value()).isEqualTo("t2");
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void tokenNowWhenPastExpiryMinusSkewOrOnlyAFailureCachedThenNull() {
		UpstreamTokenCache cache = cache();
		answer("t1", 100);
		cache.token(Partition.NONE).block();
		this.clock.advance(Duration.ofSeconds(90));
		assertThat(cache.tokenNow(Partition.NONE)).isNull();
		this.provider.fail("the token endpoint answered 500");
		StepVerifier.create(cache.token(Partition.NONE)).expectError(UpstreamTokenUnavailableException.class).verify();
		assertThat(cache.tokenNow(Partition.NONE)).isNull();
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void tokenWhenPastExpiryMinusSkewThenWaitsForNewToken() {
		UpstreamTokenCache cache = cache();
		answer("t1", 100);
		cache.token(Partition.NONE).block();
		this.clock.advance(Duration.ofSeconds(90));
		Sinks.One<UpstreamToken> fetch = this.provider.pending();

		CompletableFuture<UpstreamToken> waiting = cache.token(Partition.NONE).toFuture();
		assertThat(waiting).isNotDone();
		fetch.tryEmitValue(token("t2", 100));
		assertThat(waiting).isCompletedWithValueMatching((token) -> token.value().equals("t2"));
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void tokenWhenRefreshFailsAndTokenUsableThenKeepsTokenAndBacksOff() {
		UpstreamTokenCache cache = cache();
		answer("t1", 100);
		cache.token(Partition.NONE).block();
		this.clock.advance(Duration.ofSeconds(80));
		this.provider.fail("the token endpoint answered 500");

		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t1");
		assertThat(this.provider.count()).isEqualTo(2);
		UpstreamCacheSnapshot.PartitionState state = cache.snapshot().partitions().get(0);
		assertThat(state.usable()).isTrue();
		assertThat(state.failures()).isEqualTo(1);
		assertThat(state.nextAttemptAt()).isEqualTo(T0.plusSeconds(81));
		assertThat(state.lastError()).isEqualTo("the token endpoint answered 500");

		// within the backoff: no new attempt
		this.clock.advance(Duration.ofMillis(999));
		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t1");
		assertThat(this.provider.count()).isEqualTo(2);

		this.clock.advance(Duration.ofMillis(1));
		answer("t2", 100);
		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t1");
		assertThat(this.provider.count()).isEqualTo(3);
		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t2");
	}

	@Test
	void tokenWhenFetchFailsWithoutUsableTokenThenUnavailableWithRetryAfterAndExponentialBackoff() {
		UpstreamTokenCache cache = cache();
		this.provider.fail("the token endpoint answered 500");
		StepVerifier.create(cache.token(Partition.NONE)).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(UpstreamTokenUnavailableException.class)
				.hasMessage("Upstream credential 'aluma' has no usable token: the token endpoint answered 500");
			assertThat(((UpstreamTokenUnavailableException) ex).credential()).isEqualTo("aluma");
			assertThat(((UpstreamTokenUnavailableException) ex).retryAfter()).isEqualTo(Duration.ofSeconds(1));
		}).verify();

		// inside the backoff the request fails at once, without a fetch
		StepVerifier.create(cache.token(Partition.NONE)).expectError(UpstreamTokenUnavailableException.class).verify();
		assertThat(this.provider.count()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(1));
		this.provider.fail("the token endpoint answered 502");
		StepVerifier.create(cache.token(Partition.NONE))
			.expectErrorSatisfies((ex) -> assertThat(((UpstreamTokenUnavailableException) ex).retryAfter())
				.isEqualTo(Duration.ofSeconds(2)))
			.verify();
		assertThat(this.provider.count()).isEqualTo(2);

		this.clock.advance(Duration.ofSeconds(2));
		answer("t1", 100);
		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t1");
		assertThat(this.provider.count()).isEqualTo(3);
		assertThat(cache.snapshot().partitions().get(0).failures()).isZero();
	}

	@Test
	void tokenWhenFetchTimesOutThenUnavailable() {
		this.policy = RefreshPolicy.builder().timeout(Duration.ofMillis(100)).build();
		UpstreamTokenCache cache = cache();
		this.provider.answer(Mono::never);
		StepVerifier.create(cache.token(Partition.NONE))
			.expectErrorMessage("Upstream credential 'aluma' has no usable token: no answer within PT0.1S")
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void tokenWhenProviderThrowsThenUnavailableWithoutItsMessage() {
		UpstreamTokenCache cache = cache();
		this.provider.answer(() -> {
			throw new IllegalStateException("https://auth.example/?key=secret failed");
		});
		StepVerifier.create(cache.token(Partition.NONE))
			.expectErrorMessage("Upstream credential 'aluma' has no usable token: unexpected IllegalStateException")
			.verify();
	}

	@Test
	void tokenWhenFetchedTokenExpiresWithinSkewThenUnavailable() {
		UpstreamTokenCache cache = cache();
		answer("t1", 10);
		StepVerifier.create(cache.token(Partition.NONE))
			.expectErrorMessage(
					"Upstream credential 'aluma' has no usable token: the token expires within the clock skew of PT10S")
			.verify();
	}

	@Test
	void tokenWhenPartitionedThenEachPartitionHasItsOwnToken() {
		UpstreamTokenCache cache = cache();
		this.provider.otherwise((partition) -> Mono.just(token("token-of-" + partition.value(), 100)));
		Partition alice = Partition.of(PartitionType.SUBJECT, "alice");
		Partition bob = Partition.of(PartitionType.SUBJECT, "bob");
		assertThat(valueOf(cache.token(alice))).isEqualTo("token-of-alice");
		assertThat(valueOf(cache.token(bob))).isEqualTo("token-of-bob");
		assertThat(valueOf(cache.token(alice))).isEqualTo("token-of-alice");
		assertThat(this.provider.fetches).containsExactly(alice, bob);
	}

	@Test
	void tokenWhenPartitionIdleLongerThanIdleExpiryThenDroppedAndFetchedAgain() {
		UpstreamTokenCache cache = cache();
		this.provider.otherwise((partition) -> Mono.just(token("t", 3600)));
		cache.token(Partition.NONE).block();
		this.clock.advance(Duration.ofMinutes(9));
		cache.token(Partition.NONE).block();
		this.clock.advance(Duration.ofMinutes(9));
		assertThat(cache.snapshot().partitions()).hasSize(1);
		assertThat(this.provider.count()).isEqualTo(1);

		this.clock.advance(Duration.ofMinutes(10));
		assertThat(cache.snapshot().partitions()).isEmpty();
		cache.token(Partition.NONE).block();
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void tokenWhenMorePartitionsThanMaximumThenBounded() {
		this.policy = RefreshPolicy.builder().maxPartitions(2).build();
		UpstreamTokenCache cache = cache();
		this.provider.otherwise((partition) -> Mono.just(token("t-" + partition.value(), 3600)));
		for (String subject : List.of("a", "b", "c", "d")) {
			cache.token(Partition.of(PartitionType.SUBJECT, subject)).block();
		}
		assertThat(cache.snapshot().partitions()).hasSizeLessThanOrEqualTo(2);
	}

	@Test
	void renewWhenFiftyConcurrentRequestsRejectSameTokenThenOneFetch() throws Exception {
		UpstreamTokenCache cache = cache();
		answer("t0", 100);
		UpstreamToken rejected = cache.token(Partition.NONE).block();
		// several rounds: the interleavings a lost compare-and-remove would need are a matter of luck
		for (int round = 1; round <= 20; round++) {
			Sinks.One<UpstreamToken> renewal = this.provider.pending();
			UpstreamToken stale = rejected;
			List<CompletableFuture<UpstreamToken>> results = concurrently(50, () -> cache.renew(Partition.NONE, stale));
			assertThat(this.provider.count()).as("fetches after round %d", round).isEqualTo(round + 1);
			renewal.tryEmitValue(token("t" + round, 100));
			for (CompletableFuture<UpstreamToken> result : results) {
				assertThat(result.get(5, TimeUnit.SECONDS).value()).isEqualTo("t" + round);
			}
			rejected = results.get(0).get();
		}
	}

	@Test
	void renewWhenAnotherRequestAlreadyRenewedThenNewTokenWithoutFetch() {
		UpstreamTokenCache cache = cache();
		answer("t1", 100);
		UpstreamToken rejected = cache.token(Partition.NONE).block();
		answer("t2", 100);
		assertThat(valueOf(cache.renew(Partition.NONE, rejected))).isEqualTo("t2");
		assertThat(valueOf(cache.renew(Partition.NONE, rejected))).isEqualTo("t2");
		assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("t2");
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void renewWhenRenewalFailsThenRejectedTokenIsNeverServedAgain() {
		UpstreamTokenCache cache = cache();
		answer("t1", 100);
		UpstreamToken rejected = cache.token(Partition.NONE).block();
		this.provider.fail("the token endpoint answered 503");
		StepVerifier.create(cache.renew(Partition.NONE, rejected)).expectError(UpstreamTokenUnavailableException.class)
			.verify();
		StepVerifier.create(cache.token(Partition.NONE)).expectError(UpstreamTokenUnavailableException.class).verify();
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void snapshotShowsStateAndCountersButNeverTheToken() {
		UpstreamTokenCache cache = cache();
		answer("secret-token-value", 100);
		cache.token(Partition.NONE).block();
		this.clock.advance(Duration.ofSeconds(80));
		this.provider.fail("the token endpoint answered 500");
		cache.token(Partition.NONE).block();

		UpstreamCacheSnapshot snapshot = cache.snapshot();
		assertThat(snapshot.credential()).isEqualTo("aluma");
		assertThat(snapshot.fetches()).isEqualTo(2);
		assertThat(snapshot.failedFetches()).isEqualTo(1);
		assertThat(snapshot.lastError())
			.isEqualTo(new UpstreamCacheSnapshot.FetchError(T0.plusSeconds(80), "the token endpoint answered 500"));
		UpstreamCacheSnapshot.PartitionState state = snapshot.partitions().get(0);
		assertThat(state.fingerprint()).isEqualTo(Sha256.fingerprint("secret-token-value"));
		assertThat(state.issuedAt()).isEqualTo(T0);
		assertThat(state.expiresAt()).isEqualTo(T0.plusSeconds(100));
		assertThat(state.refreshAt()).isEqualTo(T0.plusSeconds(80));
		assertThat(snapshot.toString()).doesNotContain("secret-token-value");
	}

	@Test
	void evictAllThenNextRequestFetches() {
		UpstreamTokenCache cache = cache();
		this.provider.otherwise((partition) -> Mono.just(token("t", 100)));
		cache.token(Partition.NONE).block();
		cache.evictAll();
		assertThat(cache.snapshot().partitions()).isEmpty();
		cache.token(Partition.NONE).block();
		assertThat(this.provider.count()).isEqualTo(2);
	}

	@Test
	void tokenWhenStaticThenNeverRefreshed() {
		UpstreamTokenCache cache = new UpstreamTokenCache("static", new StaticTokenProvider("key-1", this.clock),
				this.policy, this.clock, () -> 0.5);
		for (int i = 0; i < 5; i++) {
			assertThat(valueOf(cache.token(Partition.NONE))).isEqualTo("key-1");
			this.clock.advance(Duration.ofMinutes(9));
		}
		assertThat(cache.snapshot().fetches()).isEqualTo(1);
	}

}
