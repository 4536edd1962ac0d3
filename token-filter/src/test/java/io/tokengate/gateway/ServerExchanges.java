package io.tokengate.gateway;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpVersion;
import reactor.core.publisher.Flux;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;

/** Exchanges around requests as the server makes them, for tests that depend on the HTTP version. */
final class ServerExchanges {

	private ServerExchanges() {
	}

	static Flux<DataBuffer> chunks(String... parts) {
		return Flux.fromArray(parts)
			.map((part) -> DefaultDataBufferFactory.sharedInstance.wrap(part.getBytes(StandardCharsets.UTF_8)));
	}

	static HttpHeaders headers(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(name, value);
		return headers;
	}

	/** The request's body as text, read to its end; empty when it has none. */
	static String read(ServerWebExchange exchange) {
		return DataBufferUtils.join(exchange.getRequest().getBody())
			.map((buffer) -> buffer.toString(StandardCharsets.UTF_8))
			.defaultIfEmpty("")
			.block();
	}

	/** A POST whose native request is the server's, answering which HTTP version it came over. */
	static ServerWebExchange exchange(HttpVersion version, HttpHeaders headers, Flux<DataBuffer> body) {
		HttpServerRequest server = (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
				new Class<?>[] { HttpServerRequest.class }, (proxy, method, args) -> {
					if (method.getName().equals("version")) {
						return version;
					}
					throw new UnsupportedOperationException(method.getName());
				});
		ServerHttpRequest request = new AbstractServerHttpRequest(HttpMethod.POST, URI.create("http://gateway/api"), "",
				headers) {

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
				return (T) server;
			}

			@Override
			public Flux<DataBuffer> getBody() {
				return body;
			}

		};
		return new DefaultServerWebExchange(request, new MockServerHttpResponse(), new DefaultWebSessionManager(),
				ServerCodecConfigurer.create(), new AcceptHeaderLocaleContextResolver());
	}

}
