package io.tokengate.bench;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.tokengate.gateway.TrustedHeadersFilter;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;

/**
 * Exchanges as cheap as the server's own, with headers in Netty's map as the server has them:
 * {@code MockServerWebExchange} builds a codec configurer per exchange,
 * {@code MockServerHttpResponse} an exception, and {@code MockServerHttpRequest} lower-cases a
 * header name on every lookup, any of which would drown what the benchmarks measure.
 */
final class Exchanges {

	private static final ServerCodecConfigurer CODECS = ServerCodecConfigurer.create();

	private static final DefaultWebSessionManager SESSIONS = new DefaultWebSessionManager();

	private static final AcceptHeaderLocaleContextResolver LOCALES = new AcceptHeaderLocaleContextResolver();

	/** The rest of the chain, doing nothing: what is measured is the filter alone. */
	static final GatewayFilterChain NO_UPSTREAM = (exchange) -> Mono.empty();

	/**
	 * What the routing filter does with the request before it sends it, and what every route's
	 * filters thus cause downstream: the request's headers go through the gateway's header filters,
	 * each of which lists them and copies them into a new map, and what they return is copied into
	 * Netty's headers for the upstream request. The default filters of a gateway without trusted
	 * proxies or an observation registry, and Tokengate's {@link TrustedHeadersFilter} pair, in
	 * their order. {@code -Dtokengate.bench.trusted-headers-filter=false} (through JMH's
	 * {@code -jvmArgsAppend}) leaves the pair out, to compare with the gateway's filters alone.
	 */
	static final GatewayFilterChain HEADER_FILTERS = new HeaderFiltersChain();

	private static final Route ROUTE = Route.async()
		.id("bench")
		.uri("http://127.0.0.1:8081")
		.predicate((exchange) -> true)
		.build();

	private Exchanges() {
	}

	/**
	 * A new exchange around a new request, as the server makes one per request, carrying the
	 * attributes the gateway has set by the time a route's filters run (the matched route, the
	 * handler mapping, the path the predicate matched).
	 */
	static ServerWebExchange of(Request request) {
		ServerWebExchange exchange = new DefaultServerWebExchange(request.create(), new DiscardingResponse(), SESSIONS,
				CODECS, LOCALES);
		Map<String, Object> attributes = exchange.getAttributes();
		attributes.put(ServerWebExchangeUtils.GATEWAY_HANDLER_MAPPER_ATTR, "RoutePredicateHandlerMapping");
		attributes.put(ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR, ROUTE.getId());
		attributes.put(ServerWebExchangeUtils.GATEWAY_PREDICATE_MATCHED_PATH_ATTR, "/api/**");
		attributes.put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, ROUTE);
		return exchange;
	}

	/** {@code GET /api/orders?page=2&sort=date} with a few usual headers and this {@code Authorization}. */
	static Request get(String authorization) {
		DefaultHttpHeaders headers = new DefaultHttpHeaders();
		headers.add("Host", "gateway");
		headers.add("Authorization", authorization);
		headers.add("Accept", "application/json");
		headers.add("User-Agent", "bench");
		headers.add("X-Request-Id", "0af7651916cd43dd8448eb211c80319c");
		return new Request(URI.create("http://gateway/api/orders?page=2&sort=date"), headers);
	}

	/** What a request is made from; each {@link #create()} is a fresh request over the same headers. */
	record Request(URI uri, DefaultHttpHeaders headers) {

		ServerHttpRequest create() {
			return new NettyHeadersRequest(this.uri, new HttpHeaders(new Netty4HeadersAdapter(this.headers)));
		}

	}

	/**
	 * What the filters ask of the server's own request: the HTTP version it came over (a GET
	 * over HTTP/1.1 without {@code Content-Length} certainly has no body). Anything else fails.
	 */
	private static final HttpServerRequest HTTP_1_1 = (HttpServerRequest) Proxy.newProxyInstance(
			HttpServerRequest.class.getClassLoader(), new Class<?>[] { HttpServerRequest.class },
			(proxy, method, args) -> {
				if (method.getName().equals("version")) {
					return HttpVersion.HTTP_1_1;
				}
				throw new UnsupportedOperationException(method.getName());
			});

	private static final class NettyHeadersRequest extends AbstractServerHttpRequest {

		NettyHeadersRequest(URI uri, HttpHeaders headers) {
			super(HttpMethod.GET, uri, "", headers);
		}

		@Override
		protected MultiValueMap<String, HttpCookie> initCookies() {
			return new LinkedMultiValueMap<>();
		}

		@Override
		protected SslInfo initSslInfo() {
			return null;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getNativeRequest() {
			return (T) HTTP_1_1;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.empty();
		}

	}

	/** Runs the request header filters and keeps the result, so that the work cannot be skipped. */
	private static final class HeaderFiltersChain implements GatewayFilterChain {

		private final List<HttpHeadersFilter> filters;

		private DefaultHttpHeaders forwarded;

		HeaderFiltersChain() {
			List<HttpHeadersFilter> filters = new ArrayList<>(List.of(new RemoveHopByHopHeadersFilter(),
					new RemoveForwardedHeadersFilter(), new RemoveXForwardedHeadersFilter(),
					new GRPCRequestHeadersFilter(), new TransferEncodingNormalizationHeadersFilter()));
			if (Boolean.parseBoolean(System.getProperty("tokengate.bench.trusted-headers-filter", "true"))) {
				filters.add(TrustedHeadersFilter.setAside());
				filters.add(TrustedHeadersFilter.layBack());
			}
			AnnotationAwareOrderComparator.sort(filters);
			this.filters = List.copyOf(filters);
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			HttpHeaders filtered = HttpHeadersFilter.filterRequest(this.filters, exchange);
			// as the routing filter does before sending
			DefaultHttpHeaders netty = new DefaultHttpHeaders();
			filtered.forEach(netty::set);
			this.forwarded = netty;
			return Mono.empty();
		}

	}

	/** A response that releases whatever is written to it, as a server would after sending it. */
	private static final class DiscardingResponse extends AbstractServerHttpResponse {

		DiscardingResponse() {
			super(DefaultDataBufferFactory.sharedInstance);
		}

		@Override
		public <T> T getNativeResponse() {
			throw new UnsupportedOperationException();
		}

		@Override
		protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
			return Flux.from(body).doOnNext(DataBufferUtils::release).then();
		}

		@Override
		protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return Flux.from(body).flatMap(Flux::from).doOnNext(DataBufferUtils::release).then();
		}

		@Override
		protected void applyStatusCode() {
		}

		@Override
		protected void applyHeaders() {
		}

		@Override
		protected void applyCookies() {
		}

	}

}
