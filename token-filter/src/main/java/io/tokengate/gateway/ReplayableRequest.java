package io.tokengate.gateway;

import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Makes a request sendable twice, so it can be replayed after an upstream 401, by the mechanism
 * Spring Cloud Gateway's own {@code Retry} filter relies on: the body goes into
 * {@link ServerWebExchangeUtils#CACHED_REQUEST_BODY_ATTR} through
 * {@link ServerWebExchangeUtils#cacheRequestBody}, whose request decorator hands every
 * subscriber a retained slice of it, and Spring Cloud Gateway's {@code RemoveCachedBodyFilter}
 * releases it when the exchange ends.
 * <p>
 * What differs from {@code Retry} is the bound: only bodies up to the limit are kept. A body
 * whose {@code Content-Length} exceeds it is not read at all; a body of unknown length is read
 * until it exceeds the limit, and then forwarded as it is (what was read, then the rest), once,
 * without replay.
 */
final class ReplayableRequest {

	private ReplayableRequest() {
	}

	/** The exchange to forward and whether it may be sent again. */
	static Mono<Prepared> prepare(ServerWebExchange exchange, long limit) {
		Object cached = exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR);
		if (cached instanceof DataBuffer buffer) {
			// another filter (Retry, CacheRequestBody) already made the body replayable
			return Mono.just(new Prepared(exchange, buffer.readableByteCount() <= limit));
		}
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length > limit) {
			return Mono.just(new Prepared(exchange, false));
		}
		return read(exchange, limit);
	}

	private static Mono<Prepared> read(ServerWebExchange exchange, long limit) {
		ServerHttpRequest request = exchange.getRequest();
		// one list of buffers while within the limit; once past it, the list that crossed it
		Flux<List<DataBuffer>> chunks = Flux.defer(() -> {
			long[] total = { 0 };
			return request.getBody().bufferUntil((buffer) -> (total[0] += buffer.readableByteCount()) > limit);
		});
		return chunks.switchOnFirst((first, all) -> {
			Flux<DataBuffer> body = all.concatMapIterable(Function.identity());
			if (first.hasValue() && size(first.get()) > limit) {
				return Mono.just(new Prepared(withBody(exchange, body), false));
			}
			return body.collectList().flatMap((buffers) -> cache(exchange, buffers));
		}, false).single();
	}

	private static Mono<Prepared> cache(ServerWebExchange exchange, List<DataBuffer> buffers) {
		ServerWebExchange buffered = withBody(exchange, Flux.fromIterable(buffers));
		return ServerWebExchangeUtils.cacheRequestBody(buffered,
				(replayable) -> Mono.just(new Prepared(buffered.mutate().request(replayable).build(), true)));
	}

	private static ServerWebExchange withBody(ServerWebExchange exchange, Flux<DataBuffer> body) {
		ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {

			@Override
			public Flux<DataBuffer> getBody() {
				return body;
			}

		};
		return exchange.mutate().request(request).build();
	}

	private static long size(List<DataBuffer> buffers) {
		long size = 0;
		for (DataBuffer buffer : buffers) {
			size += buffer.readableByteCount();
		}
		return size;
	}

	/**
	 * @param exchange the exchange to forward, its body readable as often as needed when
	 * {@code replayable}
	 * @param replayable whether the request may be sent a second time
	 */
	record Prepared(ServerWebExchange exchange, boolean replayable) {
	}

}
