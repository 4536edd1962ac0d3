package io.tokengate.observe;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.tokengate.config.TokenGateAutoConfiguration;
import io.tokengate.config.TokenGateConfigurationException;
import io.tokengate.config.TokenGateProperties;
import io.tokengate.config.UpstreamTokenAutoConfiguration;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.UpstreamCredentials;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Decision logs; with Micrometer, metrics of decisions, IdP calls, validation caches and upstream
 * tokens. The {@code TokenAuth} factory collects every
 * {@link io.tokengate.gateway.AuthDecisionListener} bean, the inbound policies every
 * {@link io.tokengate.authn.IdpCallListener} bean. With the actuator, the {@code tokengate}
 * endpoint and a {@code tokengate} health contributor checking each remote endpoint.
 */
@AutoConfiguration(after = { TokenGateAutoConfiguration.class, UpstreamTokenAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBean(TokenGateProperties.class)
public class ObserveAutoConfiguration {

	@Bean
	@ConditionalOnProperty(name = "tokengate.log.denied-requests", havingValue = "true", matchIfMissing = true)
	DeniedRequestLog tokengateDeniedRequestLog() {
		return new DeniedRequestLog();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Metrics {

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		DecisionMetrics tokengateDecisionMetrics(MeterRegistry registry) {
			return new DecisionMetrics(registry);
		}

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		IdpCallMetrics tokengateIdpCallMetrics(MeterRegistry registry) {
			return new IdpCallMetrics(registry);
		}

		@Bean
		ValidationCacheMetrics tokengateValidationCacheMetrics(InboundPolicies policies) {
			return new ValidationCacheMetrics(policies);
		}

		@Bean
		@ConditionalOnBean(UpstreamCredentials.class)
		UpstreamTokenMetrics tokengateUpstreamTokenMetrics(UpstreamCredentials credentials, Clock clock) {
			return new UpstreamTokenMetrics(credentials, clock);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class ActuatorEndpoint {

		@Bean
		@ConditionalOnMissingBean
		TokenGateEndpoint tokengateEndpoint(InboundPolicies policies, ObjectProvider<UpstreamCredentials> credentials,
				TokenGateProperties properties) {
			return new TokenGateEndpoint(policies, credentials.getIfAvailable(),
					properties.getActuator().isWriteOperations());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	@ConditionalOnProperty(name = "tokengate.health.enabled", havingValue = "true", matchIfMissing = true)
	static class Reachability {

		/** Registered as health contributor {@code tokengate}: one child per remote endpoint. */
		@Bean
		@ConditionalOnMissingBean(name = "tokengateHealthContributor")
		CompositeReactiveHealthContributor tokengateHealthContributor(TokenGateProperties properties) {
			Duration timeout = timeout(properties);
			HttpClient http = HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
				.followRedirect(false);
			WebClient webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
			Map<String, EndpointReachability> checks = new LinkedHashMap<>();
			ReachabilityTargets.of(properties)
				.forEach((name, uri) -> checks.put(name, new EndpointReachability(webClient, uri, timeout)));
			return CompositeReactiveHealthContributor.fromMap(checks);
		}

		static Duration timeout(TokenGateProperties properties) {
			Duration timeout = properties.getHealth().getTimeout();
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new TokenGateConfigurationException(TokenGateProperties.PREFIX + ".health.timeout",
						"must be positive, was " + timeout);
			}
			return timeout;
		}

	}

}
