package io.tokengate.gateway;

import java.util.Optional;

import io.tokengate.authn.Identity;
import io.tokengate.upstream.Partition;
import io.tokengate.upstream.UpstreamToken;
import io.tokengate.upstream.UpstreamTokenUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request work of {@code UpstreamToken}: pick the caller's partition, take a usable token
 * from the cache, put it on the request, forward. When the upstream answers 401 and the
 * credential allows it, the token is renewed and the request sent once more, the way Spring
 * Cloud Gateway's {@code Retry} filter repeats a request: {@link ServerWebExchangeUtils#reset}
 * drops the first response (its connection, its headers, the routed mark) and the rest of the
 * chain runs again over the cached body. The client sees only the second answer.
 */
final class UpstreamTokenGatewayFilter implements GatewayFilter, Ordered {

	/**
	 * After the route's own filters (which must not overwrite the token) and before
	 * {@link RouteToRequestUrlFilter} turns the request URI into the upstream URL (so a query
	 * parameter token reaches it); after {@code NettyWriteResponseFilter} in the chain, so the
	 * upstream status is known here before the response is written.
	 */
	static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;

	private static final Log logger = LogFactory.getLog(UpstreamTokenGatewayFilter.class);

	private final UpstreamCredential credential;

	private final UpstreamErrorResponder responder;

	UpstreamTokenGatewayFilter(UpstreamCredential credential, UpstreamErrorResponder responder) {
		this.credential = credential;
		this.responder = responder;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Identity identity = exchange.getAttribute(TokenGateAttributes.IDENTITY);
		Optional<Partition> partition = this.credential.partition().partitionOf(identity);
		if (partition.isEmpty()) {
			return this.responder.noPartition(exchange, this.credential.name(), this.credential.partition());
		}
		UpstreamToken cached = this.credential.cache().tokenNow(partition.get());
		if (cached != null) {
			// the usual case: a usable token at hand, and no pipeline to build around getting it
			return forward(exchange, chain, partition.get(), cached);
		}
		return this.credential.cache()
			.token(partition.get())
			.flatMap((token) -> forward(exchange, chain, partition.get(), token))
			.onErrorResume(UpstreamTokenUnavailableException.class, (ex) -> unavailable(exchange, ex));
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, Partition partition,
			UpstreamToken token) {
		if (!this.credential.retryOnUnauthorized()) {
			return chain.filter(inject(exchange, token, partition));
		}
		// a renewal after a 401 may find no token to be had
		return forwardReplayable(exchange, chain, partition, token)
			.onErrorResume(UpstreamTokenUnavailableException.class, (ex) -> unavailable(exchange, ex));
	}

	private Mono<Void> forwardReplayable(ServerWebExchange exchange, GatewayFilterChain chain, Partition partition,
			UpstreamToken token) {
		ReplayableRequest.Prepared ready = ReplayableRequest.prepareWithoutReading(exchange,
				this.credential.replayBodyLimit());
		if (ready != null) {
			return send(ready, chain, partition, token);
		}
		return ReplayableRequest.read(exchange, this.credential.replayBodyLimit())
			.flatMap((prepared) -> send(prepared, chain, partition, token));
	}

	private Mono<Void> send(ReplayableRequest.Prepared prepared, GatewayFilterChain chain, Partition partition,
			UpstreamToken token) {
		ServerWebExchange base = prepared.exchange();
		return chain.filter(inject(base, token, partition))
			.then(Mono.defer(() -> (prepared.replayable() && rejected(base)) ? replay(base, chain, partition, token)
					: Mono.empty()));
	}

	private static boolean rejected(ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		return response.getStatusCode() == HttpStatus.UNAUTHORIZED && !response.isCommitted()
				&& ServerWebExchangeUtils.isAlreadyRouted(exchange);
	}

	private Mono<Void> replay(ServerWebExchange exchange, GatewayFilterChain chain, Partition partition,
			UpstreamToken rejected) {
		return this.credential.cache()
			.renew(partition, rejected)
			.onErrorResume(UpstreamTokenUnavailableException.class, (ex) -> {
				ServerWebExchangeUtils.reset(exchange);
				return Mono.error(ex);
			})
			.flatMap((fresh) -> {
				if (fresh.sameValueAs(rejected)) {
					// the token endpoint handed out the same token: replaying would only repeat the 401
					return Mono.empty();
				}
				if (logger.isDebugEnabled()) {
					logger.debug("Upstream answered 401 to credential '" + this.credential.name() + "' ("
							+ rejected.fingerprint() + "); replaying with " + fresh.fingerprint());
				}
				ServerWebExchangeUtils.reset(exchange);
				return chain.filter(inject(exchange, fresh, partition));
			});
	}

	private ServerWebExchange inject(ServerWebExchange exchange, UpstreamToken token, Partition partition) {
		return exchange.mutate()
			.request(this.credential.injection().apply(exchange.getRequest(), token, partition))
			.build();
	}

	private Mono<Void> unavailable(ServerWebExchange exchange, UpstreamTokenUnavailableException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Not forwarding " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath()
					+ ": " + ex.getMessage());
		}
		return this.responder.unavailable(exchange, ex.credential(), ex.retryAfter());
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public String toString() {
		return "[UpstreamToken credential = '" + this.credential.name() + "']";
	}

}
