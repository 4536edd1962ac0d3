package io.tokengate.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.tokengate.authn.ApiKey;
import io.tokengate.authn.ApiKeyFallbackValidator;
import io.tokengate.authn.ApiKeyValidator;
import io.tokengate.authn.BearerTokenValidator;
import io.tokengate.authn.CachingTokenValidator;
import io.tokengate.authn.IdpCallListener;
import io.tokengate.authn.SchemeDispatchingValidator;
import io.tokengate.authn.TokenValidator;
import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.CredentialScheme;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Chooses the validator for each scheme a policy accepts. Every accepted scheme must have one:
 * a policy that accepts a form it cannot check is a configuration error, not a silent deny.
 * <ul>
 * <li>{@code bearer}: JWTs locally when {@code jwt} is set, other tokens by introspection.</li>
 * <li>{@code token}: configured API keys first, then introspection when it is set.</li>
 * <li>{@code install}: introspection, the answer naming the presented install id.</li>
 * </ul>
 * JWT and introspection answers go through the policy's one {@link ValidationCache}; API keys
 * need none, they are a hash lookup already.
 */
final class PolicyValidatorFactory {

	private final JwtValidatorFactory jwtFactory;

	private final IntrospectionValidatorFactory introspectionFactory;

	private final ValidationCacheFactory cacheFactory;

	PolicyValidatorFactory(Clock clock, Supplier<WebClient.Builder> webClients) {
		this(clock, webClients, IdpCallListener.NONE);
	}

	/** @param listener told of every introspection call and JWK Set fetch */
	PolicyValidatorFactory(Clock clock, Supplier<WebClient.Builder> webClients, IdpCallListener listener) {
		this.jwtFactory = new JwtValidatorFactory(clock, listener);
		this.introspectionFactory = new IntrospectionValidatorFactory(webClients, listener);
		this.cacheFactory = new ValidationCacheFactory(clock);
	}

	/**
	 * @param name the policy name
	 * @param prefix its property prefix, {@code tokengate.inbound.<name>}
	 */
	PolicyValidation create(String name, String prefix, Set<CredentialScheme> accepted,
			InboundPolicyProperties properties) {
		ApiKeyValidator apiKeys = apiKeys(prefix + ".api-keys", properties.getApiKeys());
		TokenValidator jwt = (properties.getJwt() != null)
				? this.jwtFactory.create(name, prefix + ".jwt", properties.getJwt()) : null;
		TokenValidator introspection = (properties.getIntrospection() != null)
				? this.introspectionFactory.create(name, prefix + ".introspection", properties.getIntrospection())
				: null;
		ValidationCacheFactory.check(prefix + ".cache", properties.getCache());
		boolean cached = properties.getCache().isEnabled() && (jwt != null || introspection != null);
		ValidationCache cache = cached ? this.cacheFactory.create(name, prefix + ".cache", properties.getCache()) : null;
		Map<CredentialScheme, TokenValidator> validators = new EnumMap<>(CredentialScheme.class);
		for (CredentialScheme scheme : accepted) {
			validators.put(scheme, validatorFor(prefix, scheme, apiKeys, jwt, introspection, cache));
		}
		return new PolicyValidation(new SchemeDispatchingValidator(validators), cache);
	}

	private static TokenValidator validatorFor(String prefix, CredentialScheme scheme, ApiKeyValidator apiKeys,
			TokenValidator jwt, TokenValidator introspection, ValidationCache cache) {
		return switch (scheme) {
			case TOKEN -> {
				if (introspection == null) {
					if (apiKeys.isEmpty()) {
						throw new TokenGateConfigurationException(prefix + ".accept",
								"'token' needs " + prefix + ".api-keys or " + prefix + ".introspection");
					}
					yield apiKeys;
				}
				TokenValidator introspected = cached(cache, introspection);
				yield apiKeys.isEmpty() ? introspected : new ApiKeyFallbackValidator(apiKeys, introspected);
			}
			case BEARER -> {
				if (jwt == null && introspection == null) {
					throw new TokenGateConfigurationException(prefix + ".accept",
							"'bearer' needs " + prefix + ".jwt or " + prefix + ".introspection");
				}
				yield cached(cache, new BearerTokenValidator(jwt, introspection));
			}
			case INSTALL -> {
				if (introspection == null) {
					throw new TokenGateConfigurationException(prefix + ".accept",
							"'install' needs " + prefix + ".introspection");
				}
				yield cached(cache, introspection);
			}
		};
	}

	private static TokenValidator cached(ValidationCache cache, TokenValidator validator) {
		return (cache != null) ? new CachingTokenValidator(cache, validator) : validator;
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

	/**
	 * A policy's validation: the validator, and its cache when it has one ({@code null} for a
	 * policy of API keys only).
	 */
	record PolicyValidation(TokenValidator validator, ValidationCache cache) {
	}

}
