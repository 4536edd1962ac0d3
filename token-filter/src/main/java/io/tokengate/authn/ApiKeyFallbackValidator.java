package io.tokengate.authn;

import java.util.Objects;

import io.tokengate.credential.Credential;
import reactor.core.publisher.Mono;

/**
 * {@code Token}-scheme validation when a policy has both API keys and another way to check a
 * key (introspection): the configured keys are tried first, in constant time, and only a key
 * that is none of them goes to the fallback.
 */
public final class ApiKeyFallbackValidator implements TokenValidator {

	private final ApiKeyValidator apiKeys;

	private final TokenValidator fallback;

	public ApiKeyFallbackValidator(ApiKeyValidator apiKeys, TokenValidator fallback) {
		this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
		this.fallback = Objects.requireNonNull(fallback, "fallback");
	}

	@Override
	public Mono<Identity> validate(Credential credential) {
		return this.apiKeys.find(credential.value())
			.map(Mono::just)
			.orElseGet(() -> this.fallback.validate(credential));
	}

	@Override
	public Identity validateNow(Credential credential) {
		return this.apiKeys.find(credential.value()).orElseGet(() -> this.fallback.validateNow(credential));
	}

	@Override
	public String toString() {
		return "ApiKeyFallbackValidator[" + this.apiKeys + ", then " + this.fallback + "]";
	}

}
