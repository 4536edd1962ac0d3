package io.tokengate.gateway;

import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
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
 * without replay. And a request that certainly has no body (most GETs) is replayable as it is:
 * reading and caching nothing through that chain of operators cost several times what the rest
 * of {@code UpstreamToken} does.
 */
final class ReplayableRequest {

	private ReplayableRequest() {
	}

	/** The exchange to forward and whether it may be sent again. */
	static Mono<Prepared> prepare(ServerWebExchange exchange, long limit) {
		Prepared prepared = prepareWithoutReading(exchange, limit);
		return (prepared != null) ? Mono.just(prepared) : read(exchange, limit);
	}

	/**
	 * The same as {@link #prepare} when that needs no reading of the body (it is cached already,
	 * too long, or certainly empty), else {@code null}: a plain call for the common cases.
	 */
	static Prepared prepareWithoutReading(ServerWebExchange exchange, long limit) {
		Object cached = exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR);
		if (cached instanceof DataBuffer buffer) {
			// another filter (Retry, CacheRequestBody) already made the body replayable
			return new Prepared(exchange, buffer.readableByteCount() <= limit);
		}
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length > limit) {
			return new Prepared(exchange, false);
		}
		if (RequestBodies.certainlyEmpty(exchange.getRequest())) {
			// an empty body each time: the server's own body may be subscribed to only once
			return new Prepared(RequestBodies.withBody(exchange, Flux.empty()), true);
		}
		return null;
	}

	/** The rest of {@link #prepare}, for a request {@link #prepareWithoutReading} gave up on. */
	static Mono<Prepared> read(ServerWebExchange exchange, long limit) {
		ServerHttpRequest request = exchange.getRequest();
		// one list of buffers while within the limit; once past it, the list that crossed it
		Flux<List<DataBuffer>> chunks = Flux.defer(() -> {
			long[] total = { 0 };
			return request.getBody().bufferUntil((buffer) -> (total[0] += buffer.readableByteCount()) > limit);
		});
		return chunks.switchOnFirst((first, all) -> {
			Flux<DataBuffer> body = all.concatMapIterable(Function.identity());
			if (first.hasValue() && size(first.get()) > limit) {
				return Mono.just(new Prepared(RequestBodies.withBody(exchange, body), false));
			}
			return body.collectList().flatMap((buffers) -> cache(exchange, buffers));
		}, false).single();
	}

	private static Mono<Prepared> cache(ServerWebExchange exchange, List<DataBuffer> buffers) {
		ServerWebExchange buffered = RequestBodies.withBody(exchange, Flux.fromIterable(buffers));
		return ServerWebExchangeUtils.cacheRequestBody(buffered,
				(replayable) -> Mono.just(new Prepared(buffered.mutate().request(replayable).build(), true)));
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
