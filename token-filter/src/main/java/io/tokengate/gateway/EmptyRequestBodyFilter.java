package io.tokengate.gateway;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Forwards a request that certainly has no body (most GETs: HTTP/1.x without
 * {@code Content-Length} or {@code Transfer-Encoding}, or {@code Content-Length: 0}) with an empty
 * body instead of the server connection's own, which is then never read.
 * <p>
 * Spring Cloud Gateway's routing filter sends whatever {@code getBody()} gives, and for the
 * server's request that is its connection's inbound stream: the upstream connection subscribes
 * to it, which hands work to the server connection's event loop on every request, even when
 * nothing will ever arrive. Under load on one core this was about a tenth of a proxied GET's CPU
 * time (bench/README.md). Every other request is forwarded untouched.
 * <p>
 * It runs before every route filter, so a filter that sets a body of its own (such as
 * {@code ModifyRequestBody}) still does, and one that reads the body reads the same nothing. Not
 * auto-configured, since it concerns every route and not only tokens: the runnable gateway
 * declares it as a bean, and any Spring Cloud Gateway application can do the same.
 */
public final class EmptyRequestBodyFilter implements GlobalFilter, Ordered {

	/** Before {@code TokenAuth} and every route filter, after Spring Cloud Gateway's clean-up filter. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (!RequestBodies.certainlyEmpty(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		return chain.filter(RequestBodies.withBody(exchange, Flux.empty()));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
