package io.tokengate.upstream;

import java.time.Duration;
import java.time.Instant;

import io.tokengate.support.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed upstream fetch is logged with the credential name and its cause, and never with what
 * an unexpected exception's message may carry.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamFetchFailureLogTests {

	private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final RefreshPolicy policy = RefreshPolicy.builder()
		.backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0)
		.build();

	private UpstreamTokenCache cache(RuntimeException failure) {
		return new UpstreamTokenCache("aluma", (partition) -> Mono.error(failure), this.policy, this.clock,
				() -> 0.5);
	}

	@Test
	void fetchFailureIsLoggedWithCredentialAndCause(CapturedOutput output) {
		cache(new UpstreamFetchException("the token endpoint answered 500")).token(Partition.NONE)
			.onErrorResume((ex) -> Mono.empty())
			.block();
		assertThat(output.getAll()).contains("Upstream credential 'aluma': token fetch failed "
				+ "(the token endpoint answered 500); no usable token; next attempt in 1000ms");
	}

	@Test
	void unexpectedFailureIsLoggedByTypeOnly(CapturedOutput output) {
		cache(new IllegalStateException("client_secret=leaky-secret-3f9e")).token(Partition.NONE)
			.onErrorResume((ex) -> Mono.empty())
			.block();
		assertThat(output.getAll()).contains("Upstream credential 'aluma': token fetch failed "
				+ "(unexpected IllegalStateException)").doesNotContain("leaky-secret-3f9e");
	}

}
