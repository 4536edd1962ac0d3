package io.tokengate.upstream;

import java.time.Clock;
import java.util.Objects;

import reactor.core.publisher.Mono;

/**
 * {@code type: static}: a fixed, long-lived key from configuration, so that routes to upstreams
 * with permanent keys use the same {@code UpstreamToken} filter (and header hygiene) as the rest.
 */
public final class StaticTokenProvider implements UpstreamTokenProvider {

	private final String token;

	private final Clock clock;

	public StaticTokenProvider(String token, Clock clock) {
		this.token = Objects.requireNonNull(token, "token");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Mono<UpstreamToken> fetch(Partition partition) {
		return Mono.fromSupplier(() -> UpstreamToken.permanent(this.token, this.clock.instant()));
	}

	@Override
	public String toString() {
		return "StaticTokenProvider";
	}

}
