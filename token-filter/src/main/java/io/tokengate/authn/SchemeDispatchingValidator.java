package io.tokengate.authn;

import java.util.EnumMap;
import java.util.Map;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import reactor.core.publisher.Mono;

/**
 * A policy's validation: one validator per accepted scheme. A scheme without a validator is
 * denied (fail closed), although configuration validation keeps that from happening.
 */
public final class SchemeDispatchingValidator implements TokenValidator {

	private final Map<CredentialScheme, TokenValidator> validators;

	public SchemeDispatchingValidator(Map<CredentialScheme, TokenValidator> validators) {
		this.validators = new EnumMap<>(validators);
	}

	@Override
	public Mono<Identity> validate(Credential credential) {
		TokenValidator validator = this.validators.get(credential.scheme());
		if (validator == null) {
			return Mono.error(TokenError
				.invalidToken(credential.scheme(), "No validator for this credential form")
				.toException());
		}
		return validator.validate(credential);
	}

	@Override
	public Identity validateNow(Credential credential) {
		TokenValidator validator = this.validators.get(credential.scheme());
		return (validator != null) ? validator.validateNow(credential) : null;
	}

	@Override
	public String toString() {
		return "SchemeDispatchingValidator" + this.validators;
	}

}
