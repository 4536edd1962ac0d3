package io.tokengate.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.RefreshPolicy;
import io.tokengate.upstream.StaticTokenProvider;
import io.tokengate.upstream.UpstreamTokenCache;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The route checks registered for {@code UpstreamToken}: unknown credentials, and partitioned
 * credentials on routes that do not authenticate the caller.
 */
class UpstreamRouteChecksTests {

	private final UpstreamCredentials credentials = new UpstreamCredentials(
			List.of(credential("aluma", PartitionType.NONE), credential("alo", PartitionType.SUBJECT)));

	private static UpstreamCredential credential(String name, PartitionType partition) {
		return UpstreamCredential.builder(name)
			.partition(partition)
			.cache(new UpstreamTokenCache(name, new StaticTokenProvider("k", Clock.systemUTC()), RefreshPolicy.DEFAULTS,
					Clock.systemUTC()))
			.build();
	}

	private static GatewayProperties routes(String... filters) {
		RouteDefinition route = new RouteDefinition();
		route.setId("r");
		List<FilterDefinition> definitions = new ArrayList<>();
		for (String filter : filters) {
			definitions.add(new FilterDefinition(filter));
		}
		route.setFilters(definitions);
		GatewayProperties gateway = new GatewayProperties();
		gateway.setRoutes(List.of(route));
		return gateway;
	}

	private RouteFilterReferences references(GatewayProperties gateway) {
		return new RouteFilterReferences(gateway, List.of(new RouteFilterReferences.Target("UpstreamToken",
				"tokengate.upstream", this.credentials::contains)));
	}

	@Test
	void checkWhenRouteNamesUnknownCredentialThenFails() {
		assertThatExceptionOfType(TokenGateConfigurationException.class)
			.isThrownBy(() -> references(routes("TokenAuth=p", "UpstreamToken=nope")).afterSingletonsInstantiated())
			.withMessage("spring.cloud.gateway.server.webflux.routes[0].filters[1]: UpstreamToken=nope names nothing; "
					+ "define tokengate.upstream.nope");
	}

	@Test
	void checkWhenRouteNamesNoCredentialThenFails() {
		assertThatExceptionOfType(TokenGateConfigurationException.class)
			.isThrownBy(() -> references(routes("UpstreamToken")).afterSingletonsInstantiated())
			.withMessage("spring.cloud.gateway.server.webflux.routes[0].filters[0]: UpstreamToken needs a name, "
					+ "as in UpstreamToken=<name>");
	}

	@Test
	void checkWhenPartitionedCredentialWithoutTokenAuthThenFails() {
		assertThatExceptionOfType(TokenGateConfigurationException.class)
			.isThrownBy(() -> new PartitionedCredentialRoutes(routes("PrefixPath=/v1", "UpstreamToken=alo"),
					this.credentials)
				.afterSingletonsInstantiated())
			.withMessage("spring.cloud.gateway.server.webflux.routes[0].filters[1]: UpstreamToken=alo is per subject, "
					+ "so the route needs TokenAuth to establish who the caller is");
	}

	@Test
	void checkWhenPartitionedCredentialWithTokenAuthOrUnpartitionedWithoutThenPasses() {
		assertThatNoException().isThrownBy(() -> {
			new PartitionedCredentialRoutes(routes("UpstreamToken=alo", "TokenAuth=users"), this.credentials)
				.afterSingletonsInstantiated();
			new PartitionedCredentialRoutes(routes("UpstreamToken=aluma"), this.credentials)
				.afterSingletonsInstantiated();
			references(routes("UpstreamToken=aluma")).afterSingletonsInstantiated();
		});
	}

}
