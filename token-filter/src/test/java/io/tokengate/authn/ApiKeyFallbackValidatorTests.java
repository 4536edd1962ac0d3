package io.tokengate.authn;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokengate.credential.Credential;
import io.tokengate.credential.Sha256;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyFallbackValidatorTests {

	private final AtomicInteger fallbackCalls = new AtomicInteger();

	private final ApiKeyFallbackValidator validator = new ApiKeyFallbackValidator(
			new ApiKeyValidator(List.of(new ApiKey(Sha256.hex("key-alice"), "alice", "app-1", List.of("a")))),
			(credential) -> {
				this.fallbackCalls.incrementAndGet();
				return Mono.just(new Identity("introspected", null, null, null, null, null));
			});

	@Test
	void validateWhenConfiguredKeyThenNoFallback() {
		StepVerifier.create(this.validator.validate(Credential.token("key-alice")))
			.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("alice"))
			.verifyComplete();
		assertThat(this.fallbackCalls).hasValue(0);
	}

	@Test
	void validateWhenUnknownKeyThenFallback() {
		StepVerifier.create(this.validator.validate(Credential.token("key-other")))
			.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("introspected"))
			.verifyComplete();
		assertThat(this.fallbackCalls).hasValue(1);
	}

}
