package io.tokengate.upstream;

import reactor.core.publisher.Mono;

/**
 * Obtains a fresh upstream credential for one partition: from a token endpoint, by minting it
 * locally, or from configuration. Called only by {@link UpstreamTokenCache}, which owns caching,
 * single-flight, timeouts and backoff; a provider just fetches.
 * <p>
 * A provider that cannot obtain a token fails the {@code Mono}, preferably with an
 * {@link UpstreamFetchException} whose message is safe to log; it never completes empty.
 */
@FunctionalInterface
public interface UpstreamTokenProvider {

	Mono<UpstreamToken> fetch(Partition partition);

}
