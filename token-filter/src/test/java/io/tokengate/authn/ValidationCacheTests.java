package io.tokengate.authn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import io.tokengate.credential.TokenErrorCode;
import io.tokengate.credential.TokenErrorException;
import io.tokengate.support.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ValidationCacheTests {

	private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private final TestClock clock = new TestClock(START);

	private final Credential credential = Credential.bearer("opaque-token-1");

	private ValidationCache.Builder cache() {
		return ValidationCache.builder("partners", this.clock)
			.maxTtl(Duration.ofMinutes(5))
			.negativeTtl(Duration.ofSeconds(10))
			.clockSkew(Duration.ofSeconds(30));
	}

	private Identity identityExpiringIn(Duration duration) {
		return new Identity("alice", "app-1", List.of("orders.read"), null, START.plus(duration), null);
	}

	@Test
	void validateWhenHitThenValidatorNotAskedAgain() {
		ValidationCache cache = cache().build();
		CountingValidator validator = CountingValidator.answering(identityExpiringIn(Duration.ofHours(1)));
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(cache.validate(this.credential, validator))
				.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("alice"))
				.verifyComplete();
		}
		assertThat(validator.calls()).hasValue(1);
		assertThat(cache.stats().hitCount()).isEqualTo(2);
		assertThat(cache.stats().missCount()).isEqualTo(1);
	}

	@Test
	void validateNowWhenNothingCachedOrStillLoadingThenNull() {
		ValidationCache cache = cache().build();
		Sinks.One<Identity> answer = Sinks.one();
		CountingValidator validator = new CountingValidator((credential) -> answer.asMono());
		assertThat(cache.validateNow(this.credential)).isNull();
		Disposable waiting = cache.validate(this.credential, validator).subscribe();
		for (int i = 0; i < 100; i++) {
			// hits are read two ways (see the test below); a load in flight is absent to both
			assertThat(cache.validateNow(this.credential)).isNull();
		}
		answer.tryEmitValue(identityExpiringIn(Duration.ofHours(1)));
		assertThat(cache.validateNow(this.credential).subject()).isEqualTo("alice");
		assertThat(validator.calls()).hasValue(1);
		waiting.dispose();
	}

	@Test
	void validateNowWhenFreshAnswerThenItsIdentityCountedAsHitUntilItIsNoLongerFresh() {
		ValidationCache cache = cache().build();
		Identity alice = identityExpiringIn(Duration.ofHours(1));
		cache.validate(this.credential, CountingValidator.answering(alice)).block();
		assertThat(cache.validateNow(this.credential)).isEqualTo(alice);
		assertThat(cache.validateNow(Credential.bearer("opaque-token-2"))).isNull();
		assertThat(cache.stats().hitCount()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(cache.validateNow(this.credential)).isNull();
	}

	@Test
	void validateNowWhenManyHitsThenEveryOneServesTheAnswerUntilItsLifeEndsAndNoneAfter() {
		// one hit in eight is recorded in Caffeine's eviction policy and the others are not: with
		// this many hits both ways are taken, and neither may serve an answer past its life
		ValidationCache cache = cache().build();
		Identity alice = identityExpiringIn(Duration.ofHours(1));
		cache.validate(this.credential, CountingValidator.answering(alice)).block();
		for (int i = 0; i < 100; i++) {
			assertThat(cache.validateNow(this.credential)).isEqualTo(alice);
		}
		assertThat(cache.stats().hitCount()).isEqualTo(100);
		this.clock.advance(Duration.ofMinutes(5).minusMillis(1));
		assertThat(cache.validateNow(this.credential)).isEqualTo(alice);
		this.clock.advance(Duration.ofMillis(1));
		for (int i = 0; i < 100; i++) {
			assertThat(cache.validateNow(this.credential)).isNull();
		}
	}

	@Test
	void validateNowWhenRefusalCachedThenThrowsItUntilNegativeTtlPassed() {
		ValidationCache cache = cache().build();
		CountingValidator validator = new CountingValidator((credential) -> Mono
			.error(TokenError.invalidToken(CredentialScheme.BEARER, "The token is not active").toException()));
		cache.validate(this.credential, validator).onErrorResume((ex) -> Mono.empty()).block();
		assertThatExceptionOfType(TokenErrorException.class).isThrownBy(() -> cache.validateNow(this.credential))
			.satisfies((ex) -> assertThat(ex.error().code()).isEqualTo(TokenErrorCode.INVALID_TOKEN))
			.satisfies((ex) -> assertThat(ex.error().description()).isEqualTo("The token is not active"));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.validateNow(this.credential)).isNull();
	}

	@Test
	void validateWhenConcurrentMissesThenOneLoadServesAll() {
		ValidationCache cache = cache().build();
		Sinks.One<Identity> answer = Sinks.one();
		CountingValidator validator = new CountingValidator((credential) -> answer.asMono());
		List<Identity> seen = new ArrayList<>();
		List<Disposable> waiting = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			waiting.add(cache.validate(this.credential, validator).subscribe(seen::add));
		}
		assertThat(validator.calls()).hasValue(1);
		answer.tryEmitValue(identityExpiringIn(Duration.ofHours(1)));
		assertThat(seen).hasSize(100);
		assertThat(validator.calls()).hasValue(1);
		waiting.forEach(Disposable::dispose);
	}

	@Test
	void validateWhenOneWaiterCancelsThenOthersStillGetTheAnswer() {
		ValidationCache cache = cache().build();
		Sinks.One<Identity> answer = Sinks.one();
		CountingValidator validator = new CountingValidator((credential) -> answer.asMono());
		AtomicReference<Identity> second = new AtomicReference<>();
		Disposable first = cache.validate(this.credential, validator).subscribe();
		cache.validate(this.credential, validator).subscribe(second::set);
		first.dispose();
		answer.tryEmitValue(identityExpiringIn(Duration.ofHours(1)));
		assertThat(second.get()).isNotNull();
		assertThat(validator.calls()).hasValue(1);
	}

	@Test
	void validateWhenMaxTtlPassedThenAsksAgain() {
		ValidationCache cache = cache().build();
		CountingValidator validator = CountingValidator.answering(identityExpiringIn(Duration.ofHours(1)));
		cache.validate(this.credential, validator).block();
		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		cache.validate(this.credential, validator).block();
		assertThat(validator.calls()).hasValue(1);
		this.clock.advance(Duration.ofSeconds(1));
		cache.validate(this.credential, validator).block();
		assertThat(validator.calls()).hasValue(2);
	}

	@Test
	void validateWhenExpMinusClockSkewPassedThenAsksAgain() {
		ValidationCache cache = cache().build();
		// exp in 2 minutes, skew 30 s: fresh for 90 s, well inside max-ttl
		CountingValidator validator = CountingValidator.answering(identityExpiringIn(Duration.ofMinutes(2)));
		cache.validate(this.credential, validator).block();
		this.clock.advance(Duration.ofSeconds(89));
		cache.validate(this.credential, validator).block();
		assertThat(validator.calls()).hasValue(1);
		this.clock.advance(Duration.ofSeconds(1));
		cache.validate(this.credential, validator).block();
		assertThat(validator.calls()).hasValue(2);
	}

	@Test
	void validateWhenHitIsPastExpThenAsksAgainEvenIfCaffeineStillHoldsIt() {
		// a ticker that never moves: Caffeine alone would serve the entry forever
		ValidationCache cache = cache().ticker(() -> 0L).build();
		CountingValidator validator = CountingValidator.answering(identityExpiringIn(Duration.ofMinutes(2)));
		cache.validate(this.credential, validator).block();
		this.clock.advance(Duration.ofMinutes(3));
		cache.validate(this.credential, validator).block();
		assertThat(validator.calls()).hasValue(2);
	}

	@Test
	void validateWhenAnswerIsInvalidTokenThenCachedForNegativeTtl() {
		ValidationCache cache = cache().build();
		CountingValidator validator = new CountingValidator((credential) -> Mono
			.error(TokenError.invalidToken(CredentialScheme.BEARER, "The token is not active").toException()));
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(cache.validate(this.credential, validator))
				.expectErrorSatisfies((ex) -> assertThat(((TokenErrorException) ex).error().description())
					.isEqualTo("The token is not active"))
				.verify();
		}
		assertThat(validator.calls()).hasValue(1);
		this.clock.advance(Duration.ofSeconds(10));
		StepVerifier.create(cache.validate(this.credential, validator)).expectError().verify();
		assertThat(validator.calls()).hasValue(2);
	}

	@Test
	void validateWhenValidatorUnavailableThenNotCached() {
		ValidationCache cache = cache().build();
		CountingValidator validator = new CountingValidator(
				(credential) -> Mono.error(TokenError.unavailable("down", Duration.ofSeconds(5)).toException()));
		for (int i = 0; i < 2; i++) {
			StepVerifier.create(cache.validate(this.credential, validator))
				.expectErrorSatisfies((ex) -> assertThat(((TokenErrorException) ex).error().code())
					.isEqualTo(TokenErrorCode.TEMPORARILY_UNAVAILABLE))
				.verify();
		}
		assertThat(validator.calls()).hasValue(2);
		assertThat(cache.estimatedSize()).isZero();
	}

	@Test
	void validateWhenConcurrentMissesFailThenAllGetTheFailureFromOneCallAndTheNextAsksAgain() {
		ValidationCache cache = cache().build();
		Sinks.One<Identity> answer = Sinks.one();
		CountingValidator validator = new CountingValidator((credential) -> answer.asMono());
		List<Throwable> failures = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			cache.validate(this.credential, validator).subscribe(null, failures::add);
		}
		answer.tryEmitError(TokenError.unavailable("down", Duration.ofSeconds(5)).toException());
		assertThat(validator.calls()).hasValue(1);
		assertThat(failures).hasSize(3)
			.allSatisfy((ex) -> assertThat(((TokenErrorException) ex).error().code())
				.isEqualTo(TokenErrorCode.TEMPORARILY_UNAVAILABLE));
		assertThat(cache.estimatedSize()).isZero();
		cache.validate(this.credential, validator).subscribe(null, failures::add);
		assertThat(validator.calls()).hasValue(2);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void validateWhenValidatorUnavailableThenTheCacheLogsNothing(CapturedOutput output) {
		ValidationCache cache = cache().build();
		TokenValidator validator = (credential) -> Mono
			.error(TokenError.unavailable("idp-down-7f3a", Duration.ofSeconds(5)).toException());
		StepVerifier.create(cache.validate(this.credential, validator)).expectError().verify();
		// the validator reports its own failures; a stack trace per request would flood the log
		assertThat(output.getAll()).doesNotContain("TokenErrorException").doesNotContain("idp-down-7f3a");
	}

	@Test
	void validateWhenAFailureIsStillInTheMapThenAsksAgainInsteadOfServingIt() {
		ValidationCache cache = cache().build();
		Sinks.One<Identity> firstAnswer = Sinks.one();
		AtomicInteger calls = new AtomicInteger();
		TokenValidator validator = (credential) -> (calls.incrementAndGet() == 1) ? firstAnswer.asMono()
				: Mono.just(identityExpiringIn(Duration.ofHours(1)));
		AtomicReference<Identity> second = new AtomicReference<>();
		// the second request arrives while the first one's failure is being delivered, before
		// Caffeine has dropped the failed entry (its own callback runs after this one)
		cache.validate(this.credential, validator)
			.subscribe(null, (ex) -> cache.validate(this.credential, validator).subscribe(second::set));
		firstAnswer.tryEmitError(TokenError.unavailable("down", Duration.ofSeconds(5)).toException());
		assertThat(calls).hasValue(2);
		assertThat(second.get().subject()).isEqualTo("alice");
	}

	@Test
	void validateWhenInstallIdsDifferThenSeparateEntries() {
		ValidationCache cache = cache().build();
		CountingValidator validator = CountingValidator.answering(identityExpiringIn(Duration.ofHours(1)));
		cache.validate(Credential.install("install-token", "install-1"), validator).block();
		cache.validate(Credential.install("install-token", "install-2"), validator).block();
		cache.validate(Credential.install("install-token", "install-1"), validator).block();
		assertThat(validator.calls()).hasValue(2);
	}

	@Test
	void validateWhenStaleIfErrorOffThenFailureIsNotMasked() {
		ValidationCache cache = cache().build();
		SwitchableValidator validator = new SwitchableValidator(identityExpiringIn(Duration.ofHours(1)));
		cache.validate(this.credential, validator).block();
		this.clock.advance(Duration.ofMinutes(5));
		validator.failing = true;
		StepVerifier.create(cache.validate(this.credential, validator)).expectError(TokenErrorException.class).verify();
	}

	@Test
	void validateWhenIdpFailsWithinStaleIfErrorThenServesStaleAnswer() {
		ValidationCache cache = cache().staleIfError(Duration.ofMinutes(10)).build();
		SwitchableValidator validator = new SwitchableValidator(identityExpiringIn(Duration.ofHours(1)));
		cache.validate(this.credential, validator).block();
		this.clock.advance(Duration.ofMinutes(5));
		validator.failing = true;
		StepVerifier.create(cache.validate(this.credential, validator))
			.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("alice"))
			.verifyComplete();
		// fresh life ended at 5 min; stale-if-error covers it up to 15 min
		this.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
		StepVerifier.create(cache.validate(this.credential, validator)).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofSeconds(1));
		StepVerifier.create(cache.validate(this.credential, validator)).expectError(TokenErrorException.class).verify();
		assertThat(validator.calls).hasValue(4);
	}

	@Test
	void validateWhenStaleAnswerReachesExpThenStopsServingIt() {
		ValidationCache cache = cache().staleIfError(Duration.ofHours(1)).build();
		// exp in 7 min, skew 30 s: fresh for 5 min (max-ttl), usable until 6:30
		SwitchableValidator validator = new SwitchableValidator(identityExpiringIn(Duration.ofMinutes(7)));
		cache.validate(this.credential, validator).block();
		validator.failing = true;
		this.clock.advance(Duration.ofMinutes(6));
		StepVerifier.create(cache.validate(this.credential, validator)).expectNextCount(1).verifyComplete();
		this.clock.advance(Duration.ofSeconds(30));
		StepVerifier.create(cache.validate(this.credential, validator)).expectError(TokenErrorException.class).verify();
	}

	@Test
	void validateWhenIdpSaysInvalidAfterValidThenStaleAnswerIsDropped() {
		ValidationCache cache = cache().staleIfError(Duration.ofHours(1)).negativeTtl(Duration.ZERO).build();
		AtomicReference<Mono<Identity>> answer = new AtomicReference<>(
				Mono.just(identityExpiringIn(Duration.ofHours(1))));
		TokenValidator validator = (credential) -> answer.get();
		cache.validate(this.credential, validator).block();
		this.clock.advance(Duration.ofMinutes(5));
		answer.set(Mono.error(TokenError.invalidToken(CredentialScheme.BEARER, "revoked").toException()));
		StepVerifier.create(cache.validate(this.credential, validator)).expectError().verify();
		answer.set(Mono.error(TokenError.unavailable("down", Duration.ofSeconds(5)).toException()));
		StepVerifier.create(cache.validate(this.credential, validator))
			.expectErrorSatisfies((ex) -> assertThat(((TokenErrorException) ex).error().code())
				.isEqualTo(TokenErrorCode.TEMPORARILY_UNAVAILABLE))
			.verify();
	}

	@Test
	void validateWhenMoreThanMaxEntriesThenBounded() {
		ValidationCache cache = cache().maxEntries(10).build();
		CountingValidator validator = CountingValidator.answering(identityExpiringIn(Duration.ofHours(1)));
		Flux.range(0, 100)
			.concatMap((i) -> cache.validate(Credential.bearer("token-" + i), validator))
			.blockLast();
		assertThat(cache.estimatedSize()).isLessThanOrEqualTo(10);
		assertThat(cache.stats().evictionCount()).isGreaterThanOrEqualTo(90);
	}

	@Test
	void invalidateWhenFingerprintMatchesThenEvictsThatCredentialOnly() {
		ValidationCache cache = cache().staleIfError(Duration.ofMinutes(1)).build();
		CountingValidator validator = CountingValidator.answering(identityExpiringIn(Duration.ofHours(1)));
		Credential other = Credential.bearer("opaque-token-2");
		cache.validate(this.credential, validator).block();
		cache.validate(other, validator).block();
		assertThat(cache.invalidate(this.credential.fingerprint())).isEqualTo(1);
		assertThat(cache.estimatedStaleSize()).isEqualTo(1);
		cache.validate(this.credential, validator).block();
		cache.validate(other, validator).block();
		assertThat(validator.calls()).hasValue(3);
	}

	@Test
	void toStringNeverShowsCredentials() {
		ValidationCache cache = cache().build();
		cache.validate(this.credential, CountingValidator.answering(identityExpiringIn(Duration.ofHours(1)))).block();
		assertThat(cache.toString()).doesNotContain(this.credential.value());
	}

	static final class CountingValidator implements TokenValidator {

		private final AtomicInteger calls = new AtomicInteger();

		private final TokenValidator delegate;

		CountingValidator(TokenValidator delegate) {
			this.delegate = delegate;
		}

		static CountingValidator answering(Identity identity) {
			return new CountingValidator((credential) -> Mono.just(identity));
		}

		@Override
		public Mono<Identity> validate(Credential credential) {
			this.calls.incrementAndGet();
			return this.delegate.validate(credential);
		}

		AtomicInteger calls() {
			return this.calls;
		}

	}

	static final class SwitchableValidator implements TokenValidator {

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean failing;

		private final Identity identity;

		SwitchableValidator(Identity identity) {
			this.identity = identity;
		}

		@Override
		public Mono<Identity> validate(Credential credential) {
			this.calls.incrementAndGet();
			return this.failing ? Mono.error(TokenError.unavailable("down", Duration.ofSeconds(5)).toException())
					: Mono.just(this.identity);
		}

	}

}
