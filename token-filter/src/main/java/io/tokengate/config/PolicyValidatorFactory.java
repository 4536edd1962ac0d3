package io.tokengate.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tokengate.authn.ApiKey;
import io.tokengate.authn.ApiKeyValidator;
import io.tokengate.authn.SchemeDispatchingValidator;
import io.tokengate.authn.TokenValidator;
import io.tokengate.credential.CredentialScheme;

/**
 * Chooses the validator for each scheme a policy accepts. Every accepted scheme must have one:
 * a policy that accepts a form it cannot check is a configuration error, not a silent deny.
 */
final class PolicyValidatorFactory {

	TokenValidator create(String prefix, Set<CredentialScheme> accepted, InboundPolicyProperties properties) {
		ApiKeyValidator apiKeys = apiKeys(prefix + ".api-keys", properties.getApiKeys());
		Map<CredentialScheme, TokenValidator> validators = new EnumMap<>(CredentialScheme.class);
		for (CredentialScheme scheme : accepted) {
			validators.put(scheme, validatorFor(prefix, scheme, apiKeys));
		}
		return new SchemeDispatchingValidator(validators);
	}

	private static TokenValidator validatorFor(String prefix, CredentialScheme scheme, ApiKeyValidator apiKeys) {
		return switch (scheme) {
			case TOKEN -> {
				if (apiKeys.isEmpty()) {
					throw new TokenGateConfigurationException(prefix + ".accept",
							"'token' needs " + prefix + ".api-keys");
				}
				yield apiKeys;
			}
			case BEARER -> throw new TokenGateConfigurationException(prefix + ".accept",
					"'bearer' needs " + prefix + ".jwt or " + prefix + ".introspection");
			case INSTALL -> throw new TokenGateConfigurationException(prefix + ".accept",
					"'install' needs " + prefix + ".introspection");
		};
	}

	private static ApiKeyValidator apiKeys(String property, List<ApiKeyProperties> keys) {
		List<ApiKey> result = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			ApiKeyProperties key = keys.get(i);
			String item = property + "[" + i + "]";
			if (key.getSubject() == null || key.getSubject().isBlank()) {
				throw new TokenGateConfigurationException(item + ".subject", "must not be empty");
			}
			try {
				result.add(new ApiKey(key.getSha256(), key.getSubject(), key.getApp(), key.getScopes()));
			}
			catch (IllegalArgumentException ex) {
				throw new TokenGateConfigurationException(item + ".sha256",
						"must be the key's SHA-256 as 64 hex characters");
			}
		}
		return new ApiKeyValidator(result);
	}

}
