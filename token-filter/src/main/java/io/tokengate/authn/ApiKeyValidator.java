package io.tokengate.authn;

import java.util.List;
import java.util.Optional;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.Sha256;
import io.tokengate.credential.TokenError;
import reactor.core.publisher.Mono;

/**
 * Validates {@code Token}-scheme keys against configured SHA-256 digests. Every configured digest
 * is compared, in constant time, whatever matched first, so response time says nothing about
 * which key came close.
 */
public final class ApiKeyValidator implements TokenValidator {

	private final List<ApiKey> keys;

	public ApiKeyValidator(List<ApiKey> keys) {
		this.keys = List.copyOf(keys);
	}

	@Override
	public Mono<Identity> validate(Credential credential) {
		return Mono.fromCallable(() -> validateNow(credential));
	}

	@Override
	public Identity validateNow(Credential credential) {
		return find(credential.value())
			.orElseThrow(() -> TokenError.invalidToken(CredentialScheme.TOKEN, "Unknown API key").toException());
	}

	/** The identity of the key, if it is one of the configured keys. */
	public Optional<Identity> find(String presentedKey) {
		byte[] presented = Sha256.digest(presentedKey);
		Identity found = null;
		for (ApiKey key : this.keys) {
			if (key.matches(presented) && found == null) {
				found = key.identity();
			}
		}
		return Optional.ofNullable(found);
	}

	public boolean isEmpty() {
		return this.keys.isEmpty();
	}

	@Override
	public String toString() {
		return "ApiKeyValidator[keys=" + this.keys.size() + "]";
	}

}
