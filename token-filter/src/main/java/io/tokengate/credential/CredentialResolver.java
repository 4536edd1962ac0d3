package io.tokengate.credential;

import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Finds the one credential a request carries.
 * <p>
 * Emits the credential, completes empty when the request carries none in an accepted form, or
 * fails with a {@link TokenErrorException} of code {@link TokenErrorCode#INVALID_REQUEST} when
 * the credential is malformed or more than one is present.
 */
@FunctionalInterface
public interface CredentialResolver {

	Mono<Credential> resolve(ServerHttpRequest request);

}
