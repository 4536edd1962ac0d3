package io.tokengate.authn;

import io.tokengate.credential.Credential;
import io.tokengate.credential.TokenErrorException;
import reactor.core.publisher.Mono;

/**
 * Turns a credential into an {@link Identity}. A credential that is not acceptable fails the
 * {@code Mono} with a {@link TokenErrorException} ({@code invalid_token}, or
 * {@code temporarily_unavailable} when a dependency could not answer); it never completes empty.
 */
@FunctionalInterface
public interface TokenValidator {

	Mono<Identity> validate(Credential credential);

	/**
	 * The answer when it is at hand without waiting (a cached answer, a configured API key), so
	 * that the common request needs no reactive pipeline: the identity, or a thrown
	 * {@link io.tokengate.credential.TokenErrorException} for a refusal already known.
	 * {@code null} when only {@link #validate(Credential)} can tell, which it then must be asked.
	 */
	default Identity validateNow(Credential credential) {
		return null;
	}

}
