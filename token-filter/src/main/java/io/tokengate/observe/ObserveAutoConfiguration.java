package io.tokengate.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokengate.config.TokenGateAutoConfiguration;
import io.tokengate.config.TokenGateProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Decision logs, and decision metrics when Micrometer and a registry are present. The
 * {@code TokenAuth} factory collects every {@link io.tokengate.gateway.AuthDecisionListener} bean.
 */
@AutoConfiguration(after = TokenGateAutoConfiguration.class,
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

	}

}
