package io.tokengate.observe;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokengate.config.TokenGateAutoConfiguration;
import io.tokengate.config.TokenGateProperties;
import io.tokengate.config.UpstreamTokenAutoConfiguration;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.UpstreamCredentials;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Decision logs; with Micrometer, metrics of decisions, IdP calls, validation caches and upstream
 * tokens. The {@code TokenAuth} factory collects every
 * {@link io.tokengate.gateway.AuthDecisionListener} bean, the inbound policies every
 * {@link io.tokengate.authn.IdpCallListener} bean.
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

}
