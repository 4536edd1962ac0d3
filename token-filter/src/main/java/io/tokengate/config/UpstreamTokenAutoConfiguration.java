package io.tokengate.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.channel.ChannelOption;
import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.gateway.UpstreamErrorResponder;
import io.tokengate.gateway.UpstreamTokenGatewayFilterFactory;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Registers the {@code UpstreamToken} filter factory and the upstream credentials built from
 * {@code tokengate.upstream.*}, validating all of it at start-up: every credential's settings,
 * every route's reference to a credential, and that partitioned credentials are only used on
 * routes that authenticate the caller with {@code TokenAuth}.
 */
@AutoConfiguration(after = TokenGateAutoConfiguration.class)
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class UpstreamTokenAutoConfiguration {

	/** Connect timeout of the token endpoint client; each fetch is further bounded by its timeout. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean
	UpstreamCredentials tokengateUpstreamCredentials(TokenGateProperties properties, Clock clock) {
		WebClient webClient = tokenEndpointClient();
		UpstreamCredentialFactory factory = new UpstreamCredentialFactory(new UpstreamProviderFactory(webClient, clock),
				clock);
		List<UpstreamCredential> credentials = new ArrayList<>();
		for (Map.Entry<String, UpstreamCredentialProperties> entry : properties.getUpstream().entrySet()) {
			credentials.add(factory.create(entry.getKey(), entry.getValue()));
		}
		return new UpstreamCredentials(credentials);
	}

	/** A client of its own, so an application's WebClient customizations never reach token endpoints. */
	private static WebClient tokenEndpointClient() {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
			.followRedirect(false);
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	@Bean
	@ConditionalOnMissingBean
	UpstreamErrorResponder tokengateUpstreamErrorResponder() {
		return new UpstreamErrorResponder();
	}

	@Bean
	UpstreamTokenGatewayFilterFactory upstreamTokenGatewayFilterFactory(UpstreamCredentials credentials,
			UpstreamErrorResponder responder) {
		return new UpstreamTokenGatewayFilterFactory(credentials, responder);
	}

	@Bean
	RouteFilterReferences tokengateUpstreamRouteFilterReferences(ObjectProvider<GatewayProperties> gateway,
			UpstreamCredentials credentials) {
		return new RouteFilterReferences(gateway.getIfAvailable(GatewayProperties::new),
				List.of(new RouteFilterReferences.Target("UpstreamToken", TokenGateProperties.PREFIX + ".upstream",
						credentials::contains)));
	}

	@Bean
	PartitionedCredentialRoutes tokengatePartitionedCredentialRoutes(ObjectProvider<GatewayProperties> gateway,
			UpstreamCredentials credentials) {
		return new PartitionedCredentialRoutes(gateway.getIfAvailable(GatewayProperties::new), credentials);
	}

}
