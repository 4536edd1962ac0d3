package io.tokengate.config;

import java.util.List;
import java.util.Map;

import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.gateway.UpstreamCredentials;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

/**
 * Stops start-up when a route uses a partitioned credential ({@code partition: subject},
 * {@code app} or {@code install-id}) without {@code TokenAuth}: with no authenticated identity
 * there is nothing to choose the caller's token by, and every request would be refused.
 */
final class PartitionedCredentialRoutes implements SmartInitializingSingleton {

	private static final String UPSTREAM_TOKEN = "UpstreamToken";

	private static final String TOKEN_AUTH = "TokenAuth";

	private final GatewayProperties gateway;

	private final UpstreamCredentials credentials;

	PartitionedCredentialRoutes(GatewayProperties gateway, UpstreamCredentials credentials) {
		this.gateway = gateway;
		this.credentials = credentials;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<RouteDefinition> routes = this.gateway.getRoutes();
		for (int r = 0; r < routes.size(); r++) {
			List<FilterDefinition> filters = routes.get(r).getFilters();
			boolean authenticated = filters.stream().anyMatch((filter) -> TOKEN_AUTH.equals(filter.getName()));
			for (int f = 0; f < filters.size(); f++) {
				FilterDefinition filter = filters.get(f);
				if (!UPSTREAM_TOKEN.equals(filter.getName()) || authenticated) {
					continue;
				}
				UpstreamCredential credential = credential(filter.getArgs());
				if (credential != null && credential.partition().isPartitioned()) {
					throw new TokenGateConfigurationException(
							RouteFilterReferences.ROUTES_PREFIX + "[" + r + "].filters[" + f + "]",
							"UpstreamToken=" + credential.name() + " is per " + credential.partition().configName()
									+ ", so the route needs TokenAuth to establish who the caller is");
				}
			}
		}
	}

	private UpstreamCredential credential(Map<String, String> args) {
		String name = args.values().stream().findFirst().orElse(null);
		return (name != null) ? this.credentials.find(name).orElse(null) : null;
	}

}
