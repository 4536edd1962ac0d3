package io.tokengate.config;

import java.net.URI;
import java.util.function.Supplier;

import io.tokengate.authn.ClientAuthentication;
import io.tokengate.authn.IdpCallListener;
import io.tokengate.authn.IntrospectionTokenValidator;
import io.tokengate.authn.WebClientTokenIntrospector;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds an {@link IntrospectionTokenValidator} from
 * {@code tokengate.inbound.<name>.introspection}.
 */
final class IntrospectionValidatorFactory {

	private final Supplier<WebClient.Builder> webClients;

	private final IdpCallListener listener;

	IntrospectionValidatorFactory(Supplier<WebClient.Builder> webClients) {
		this(webClients, IdpCallListener.NONE);
	}

	IntrospectionValidatorFactory(Supplier<WebClient.Builder> webClients, IdpCallListener listener) {
		this.webClients = webClients;
		this.listener = listener;
	}

	IntrospectionTokenValidator create(String prefix, IntrospectionProperties introspection) {
		return create("", prefix, introspection);
	}

	/**
	 * @param policy the policy name, for the call listener
	 * @param prefix the property prefix, {@code tokengate.inbound.<name>.introspection}
	 */
	IntrospectionTokenValidator create(String policy, String prefix, IntrospectionProperties introspection) {
		URI uri = PropertyChecks.httpUri(prefix + ".uri", introspection.getUri());
		String clientId = PropertyChecks.required(prefix + ".client-id", introspection.getClientId());
		String clientSecret = PropertyChecks.required(prefix + ".client-secret", introspection.getClientSecret());
		String method = introspection.getClientAuthentication();
		ClientAuthentication clientAuthentication = ClientAuthentication.fromValue(method)
			.orElseThrow(() -> new TokenGateConfigurationException(prefix + ".client-authentication",
					"unknown value '" + method + "'; expected " + ClientAuthentication.CLIENT_SECRET_BASIC.value()
							+ " or " + ClientAuthentication.CLIENT_SECRET_POST.value()));
		PropertyChecks.positive(prefix + ".timeout", introspection.getTimeout());
		PropertyChecks.positive(prefix + ".retry-after", introspection.getRetryAfter());
		String installIdClaim = PropertyChecks.required(prefix + ".install-id-claim",
				introspection.getInstallIdClaim());
		WebClientTokenIntrospector introspector = WebClientTokenIntrospector.builder(uri, clientId, clientSecret)
			.clientAuthentication(clientAuthentication)
			.timeout(introspection.getTimeout())
			.retryAfter(introspection.getRetryAfter())
			.webClient(this.webClients.get().build())
			.listener(this.listener, policy)
			.build();
		return new IntrospectionTokenValidator(introspector, installIdClaim);
	}

}
