package io.tokengate.authn;

import io.tokengate.credential.TokenErrorException;
import reactor.core.publisher.Mono;

/**
 * Asks an authorization server about a token (RFC 7662 §2). Emits the server's answer, active
 * or not; fails with a {@link TokenErrorException} of code {@code temporarily_unavailable} when
 * no usable answer came (error status, timeout, unreadable body).
 */
@FunctionalInterface
public interface TokenIntrospector {

	Mono<IntrospectionAnswer> introspect(String token);

}
