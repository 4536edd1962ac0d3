package io.tokengate.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tokengate.authn.IdpCallListener;
import io.tokengate.gateway.AuthDecisionListener;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.InboundPolicy;
import io.tokengate.gateway.TokenAuthGatewayFilterFactory;
import io.tokengate.gateway.TokenErrorResponder;
import io.tokengate.gateway.TrustedHeadersFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Registers the {@code TokenAuth} filter factory and the inbound policies built from
 * {@code tokengate.inbound.*}, validating all of it at start-up.
 */
@AutoConfiguration
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(TokenGateProperties.class)
public class TokenGateAutoConfiguration {

	/** The time source for every expiry decision; replace it to move time in tests. */
	@Bean
	@ConditionalOnMissingBean(Clock.class)
	Clock tokengateClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	InboundPolicies tokengateInboundPolicies(TokenGateProperties properties, Clock clock,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<IdpCallListener> idpCallListeners) {
		List<IdpCallListener> listeners = idpCallListeners.orderedStream().toList();
		IdpCallListener listener = (listeners.size() == 1) ? listeners.get(0) : (call) -> {
			for (IdpCallListener each : listeners) {
				each.onCall(call);
			}
		};
		InboundPolicyFactory factory = new InboundPolicyFactory(new PolicyValidatorFactory(clock,
				() -> webClientBuilder.getIfAvailable(WebClient::builder), listener));
		List<InboundPolicy> policies = new ArrayList<>();
		for (Map.Entry<String, InboundPolicyProperties> entry : properties.getInbound().entrySet()) {
			policies.add(factory.create(entry.getKey(), entry.getValue()));
		}
		return new InboundPolicies(policies);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenErrorResponder tokengateErrorResponder() {
		return new TokenErrorResponder();
	}

	@Bean
	TokenAuthGatewayFilterFactory tokenAuthGatewayFilterFactory(InboundPolicies policies,
			TokenErrorResponder responder, ObjectProvider<AuthDecisionListener> listeners) {
		List<AuthDecisionListener> all = listeners.orderedStream().toList();
		AuthDecisionListener listener = (all.size() == 1) ? all.get(0) : (decision) -> {
			for (AuthDecisionListener each : all) {
				each.onDecision(decision);
			}
		};
		return new TokenAuthGatewayFilterFactory(policies, responder, listener);
	}

	/** The identity headers and upstream credentials skip the routing filter's header filters. */
	@Bean
	TrustedHeadersFilter tokengateTrustedHeadersSetAside() {
		return TrustedHeadersFilter.setAside();
	}

	@Bean
	TrustedHeadersFilter tokengateTrustedHeadersLayBack() {
		return TrustedHeadersFilter.layBack();
	}

	@Bean
	RouteFilterReferences tokengateRouteFilterReferences(ObjectProvider<GatewayProperties> gateway,
			InboundPolicies policies) {
		return new RouteFilterReferences(gateway.getIfAvailable(GatewayProperties::new),
				List.of(new RouteFilterReferences.Target("TokenAuth", TokenGateProperties.PREFIX + ".inbound",
						policies::contains)));
	}

}
