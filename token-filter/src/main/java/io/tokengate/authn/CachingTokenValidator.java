package io.tokengate.authn;

import java.util.Objects;

import io.tokengate.credential.Credential;
import reactor.core.publisher.Mono;

/**
 * Answers from a {@link ValidationCache}, asking the delegate only on a miss.
 */
public final class CachingTokenValidator implements TokenValidator {

	private final ValidationCache cache;

	private final TokenValidator delegate;

	public CachingTokenValidator(ValidationCache cache, TokenValidator delegate) {
		this.cache = Objects.requireNonNull(cache, "cache");
		this.delegate = Objects.requireNonNull(delegate, "delegate");
	}

	@Override
	public Mono<Identity> validate(Credential credential) {
		return this.cache.validate(credential, this.delegate);
	}

	@Override
	public Identity validateNow(Credential credential) {
		return this.cache.validateNow(credential);
	}

	@Override
	public String toString() {
		return "CachingTokenValidator[" + this.delegate + "]";
	}

}
