package io.tokengate.credential;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Finds the one credential a request carries.
 * <p>
 * Returns the credential, or {@code null} when the request carries none in an accepted form;
 * throws a {@link TokenErrorException} of code {@link TokenErrorCode#INVALID_REQUEST} when the
 * credential is malformed or more than one is present. Reading a request needs no I/O, so this
 * is a plain call, not a {@code Mono}.
 */
@FunctionalInterface
public interface CredentialResolver {

	Credential resolve(ServerHttpRequest request);

}
