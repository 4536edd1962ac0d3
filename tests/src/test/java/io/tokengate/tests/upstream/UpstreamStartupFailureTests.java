package io.tokengate.tests.upstream;

import io.tokengate.app.TokengateApplication;
import io.tokengate.config.TokenGateConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The real application refuses to start on invalid upstream configuration, naming the property:
 * the examples from {@code config/} with one value broken, and routes that misuse
 * {@code UpstreamToken}.
 */
class UpstreamStartupFailureTests {

	private static TokenGateConfigurationException startFailure(String... properties) {
		Throwable failure = catchThrowable(() -> {
			// as command-line arguments, so they take precedence over the imported example
			String[] args = java.util.Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new);
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TokengateApplication.class)
				.properties("server.port=0", "spring.main.banner-mode=off")
				.run(args)) {
				// started: the assertion below reports it
			}
		});
		Throwable cause = failure;
		while (cause != null && !(cause instanceof TokenGateConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("start-up failure caused by invalid configuration").isNotNull();
		return (TokenGateConfigurationException) cause;
	}

	@Test
	void startWhenAloTtlOutOfRangeThenFailsNamingBody() {
		TokenGateConfigurationException failure = startFailure("spring.config.import=file:../config/alo.yml",
				"ALO_API_KEY=k", "ALO_CALLER_KEY_SHA256=" + ProviderRequests.CALLER_KEY_SHA256, "ALO_CALLER_USER_ID=u",
				"tokengate.upstream.alo.request.body={\"ttl\": 600000, \"user\": {\"id\": \"{subject}\"}}");
		assertThat(failure).hasMessage(
				"tokengate.upstream.alo.request.body: ALO's ttl is whole minutes from 1 to 525600, was 600000");
	}

	@Test
	void startWhenAgoraTtlOver24HoursThenFailsNamingTtl() {
		TokenGateConfigurationException failure = startFailure("spring.config.import=file:../config/agora.yml",
				"AGORA_APP_ID=970CA35de60c44645bbae8a215061b33", "AGORA_APP_CERTIFICATE=5CFd2fd1755d40ecb72977518be15d3b",
				"AGORA_CALLER_KEY_SHA256=" + ProviderRequests.CALLER_KEY_SHA256, "AGORA_CALLER_USER_ID=u",
				"tokengate.upstream.agora.ttl=25h");
		assertThat(failure)
			.hasMessage("tokengate.upstream.agora.ttl: must be at most 24h, Agora Chat's limit, was PT25H");
	}

	@Test
	void startWhenRouteNamesUnknownCredentialThenFailsNamingRoute() {
		TokenGateConfigurationException failure = startFailure(
				"spring.cloud.gateway.server.webflux.routes[0].id=r",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:9",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/x/**",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=UpstreamToken=missing");
		assertThat(failure).hasMessage("spring.cloud.gateway.server.webflux.routes[0].filters[0]: "
				+ "UpstreamToken=missing names nothing; define tokengate.upstream.missing");
	}

	@Test
	void startWhenPartitionedCredentialOnRouteWithoutTokenAuthThenFailsNamingRoute() {
		TokenGateConfigurationException failure = startFailure("tokengate.upstream.per-user.type=agora-chat",
				"tokengate.upstream.per-user.role=user",
				"tokengate.upstream.per-user.app-id=970CA35de60c44645bbae8a215061b33",
				"tokengate.upstream.per-user.app-certificate=5CFd2fd1755d40ecb72977518be15d3b",
				"spring.cloud.gateway.server.webflux.routes[0].id=r",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:9",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/x/**",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=UpstreamToken=per-user");
		assertThat(failure).hasMessage("spring.cloud.gateway.server.webflux.routes[0].filters[0]: "
				+ "UpstreamToken=per-user is per subject, so the route needs TokenAuth to establish who the caller is");
	}

}
