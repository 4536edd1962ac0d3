package io.tokengate.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

/**
 * Stops start-up when a configured route names a policy or credential that does not exist.
 * Spring Cloud Gateway would only log such a route as broken when it first builds it; a
 * security filter that silently disappears is not acceptable.
 */
final class RouteFilterReferences implements SmartInitializingSingleton {

	static final String ROUTES_PREFIX = "spring.cloud.gateway.server.webflux.routes";

	private final GatewayProperties gateway;

	private final Map<String, Target> targets;

	RouteFilterReferences(GatewayProperties gateway, List<Target> targets) {
		this.gateway = gateway;
		this.targets = targets.stream().collect(Collectors.toMap(Target::filterName, Function.identity()));
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<RouteDefinition> routes = this.gateway.getRoutes();
		for (int r = 0; r < routes.size(); r++) {
			List<FilterDefinition> filters = routes.get(r).getFilters();
			for (int f = 0; f < filters.size(); f++) {
				check(ROUTES_PREFIX + "[" + r + "].filters[" + f + "]", filters.get(f));
			}
		}
	}

	private void check(String property, FilterDefinition filter) {
		Target target = this.targets.get(filter.getName());
		if (target == null) {
			return;
		}
		String argument = filter.getArgs().values().stream().findFirst().orElse(null);
		if (argument == null || argument.isBlank()) {
			throw new TokenGateConfigurationException(property, filter.getName() + " needs a name, as in "
					+ filter.getName() + "=<name>");
		}
		if (!target.exists().test(argument)) {
			throw new TokenGateConfigurationException(property, filter.getName() + "=" + argument + " names nothing; "
					+ "define " + target.propertyPrefix() + "." + argument);
		}
	}

	/**
	 * A filter whose argument names a configured item.
	 *
	 * @param filterName the filter, e.g. {@code TokenAuth}
	 * @param propertyPrefix where its items are configured, e.g. {@code tokengate.inbound}
	 * @param exists whether an item of that name is configured
	 */
	record Target(String filterName, String propertyPrefix, Predicate<String> exists) {
	}

}
