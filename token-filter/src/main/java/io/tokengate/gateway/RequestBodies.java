package io.tokengate.gateway;

import reactor.core.publisher.Flux;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/** What is known about a request's body before reading it, and how to forward another one. */
final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * Whether the request certainly has no body: it declares {@code Content-Length: 0}, or it came
	 * over HTTP/1.x with neither {@code Content-Length} nor {@code Transfer-Encoding} (RFC 9112
	 * §6.3: its body length is zero). Over HTTP/2 and later a body needs neither header, and a
	 * request that is not the server's own (a test's) may carry anything: for both, {@code false}.
	 */
	static boolean certainlyEmpty(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		if (length == 0) {
			return true;
		}
		return length < 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING) && isHttp1(request);
	}

	private static boolean isHttp1(ServerHttpRequest request) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (RuntimeException ex) {
			return false;
		}
		return nativeRequest instanceof HttpServerRequest server && server.version().majorVersion() == 1;
	}

	/** The exchange with {@code body} as its request's body; everything else is the exchange's own. */
	static ServerWebExchange withBody(ServerWebExchange exchange, Flux<DataBuffer> body) {
		ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {

			@Override
			public Flux<DataBuffer> getBody() {
				return body;
			}

		};
		return exchange.mutate().request(request).build();
	}

}
