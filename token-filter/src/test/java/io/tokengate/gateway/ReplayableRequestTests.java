package io.tokengate.gateway;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
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
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayableRequestTests {

	private static Flux<DataBuffer> chunks(String... parts) {
		return Flux.fromArray(parts)
			.map((part) -> DefaultDataBufferFactory.sharedInstance.wrap(part.getBytes(StandardCharsets.UTF_8)));
	}

	/** An exchange around a request as the server makes one, answering which HTTP version it came over. */
	private static ServerWebExchange exchange(HttpVersion version, HttpHeaders headers, Flux<DataBuffer> body) {
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

	private static String read(ServerWebExchange exchange) {
		return DataBufferUtils.join(exchange.getRequest().getBody())
			.map((buffer) -> buffer.toString(StandardCharsets.UTF_8))
			.defaultIfEmpty("")
			.block();
	}

	@Test
	void prepareWhenBodyWithinLimitThenReadableAgainAndAgain() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api")
			.header(HttpHeaders.CONTENT_LENGTH, "11")
			.body(chunks("hello", " ", "world")));
		ReplayableRequest.Prepared prepared = ReplayableRequest.prepare(exchange, 64).block();
		assertThat(prepared.replayable()).isTrue();
		assertThat(read(prepared.exchange())).isEqualTo("hello world");
		assertThat(read(prepared.exchange())).isEqualTo("hello world");
		assertThat(exchange.<DataBuffer>getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR)).isNotNull();
	}

	@Test
	void prepareWhenContentLengthOverLimitThenNotReadAndNotReplayable() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api")
			.header(HttpHeaders.CONTENT_LENGTH, "65")
			.body(chunks("x".repeat(65))));
		ReplayableRequest.Prepared prepared = ReplayableRequest.prepare(exchange, 64).block();
		assertThat(prepared.replayable()).isFalse();
		assertThat(prepared.exchange()).isSameAs(exchange);
		assertThat(read(prepared.exchange())).hasSize(65);
	}

	@Test
	void prepareWhenUnknownLengthOverLimitThenForwardedWholeOnceNotReplayable() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/api").body(chunks("0123456789", "abcdefghij", "ABCDEFGHIJ", "tail")));
		ReplayableRequest.Prepared prepared = ReplayableRequest.prepare(exchange, 15).block();
		assertThat(prepared.replayable()).isFalse();
		assertThat(read(prepared.exchange())).isEqualTo("0123456789abcdefghijABCDEFGHIJtail");
		assertThat(exchange.<Object>getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR)).isNull();
	}

	@Test
	void prepareWhenUnknownLengthWithinLimitThenReplayable() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/api").body(chunks("01234", "56789")));
		ReplayableRequest.Prepared prepared = ReplayableRequest.prepare(exchange, 10).block();
		assertThat(prepared.replayable()).isTrue();
		assertThat(read(prepared.exchange())).isEqualTo("0123456789");
		assertThat(read(prepared.exchange())).isEqualTo("0123456789");
	}

	@Test
	void prepareWhenNoBodyThenReplayable() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api"));
		ReplayableRequest.Prepared prepared = ReplayableRequest.prepare(exchange, 0).block();
		assertThat(prepared.replayable()).isTrue();
		assertThat(read(prepared.exchange())).isEmpty();
	}

	@Test
	void prepareWhenHttp1WithoutContentLengthOrTransferEncodingThenNothingReadAndReplayable() {
		AtomicInteger subscriptions = new AtomicInteger();
		ServerWebExchange exchange = exchange(HttpVersion.HTTP_1_1, new HttpHeaders(),
				Flux.defer(() -> chunks("never read").doOnSubscribe((subscription) -> subscriptions.incrementAndGet())));
		ReplayableRequest.Prepared prepared = ReplayableRequest.prepare(exchange, 64).block();
		assertThat(prepared.replayable()).isTrue();
		assertThat(read(prepared.exchange())).isEmpty();
		assertThat(read(prepared.exchange())).isEmpty();
		assertThat(subscriptions).hasValue(0);
		assertThat(exchange.<Object>getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR)).isNull();
	}

	@Test
	void prepareWhenHttp2WithoutContentLengthThenBodyReadAndCached() {
		// HTTP/2 frames a body without either header
		ServerWebExchange exchange = exchange(HttpVersion.valueOf("HTTP/2.0"), new HttpHeaders(), chunks("ab", "c"));
		ReplayableRequest.Prepared prepared = ReplayableRequest.prepare(exchange, 64).block();
		assertThat(prepared.replayable()).isTrue();
		assertThat(read(prepared.exchange())).isEqualTo("abc");
		assertThat(read(prepared.exchange())).isEqualTo("abc");
	}

	@Test
	void prepareWhenHttp1ChunkedThenBodyReadAndCached() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.TRANSFER_ENCODING, "chunked");
		ServerWebExchange exchange = exchange(HttpVersion.HTTP_1_1, headers, chunks("ab", "c"));
		ReplayableRequest.Prepared prepared = ReplayableRequest.prepare(exchange, 64).block();
		assertThat(read(prepared.exchange())).isEqualTo("abc");
		assertThat(read(prepared.exchange())).isEqualTo("abc");
	}

	@Test
	void hasNoBodyWhenContentLengthZeroThenTrueOverAnyVersionAndOtherwiseOnlyOverHttp1() {
		HttpHeaders empty = new HttpHeaders();
		empty.setContentLength(0);
		HttpHeaders sized = new HttpHeaders();
		sized.setContentLength(3);
		assertThat(ReplayableRequest.hasNoBody(exchange(HttpVersion.valueOf("HTTP/2.0"), empty, Flux.empty()).getRequest()))
			.isTrue();
		assertThat(ReplayableRequest.hasNoBody(exchange(HttpVersion.HTTP_1_1, sized, Flux.empty()).getRequest())).isFalse();
		assertThat(ReplayableRequest.hasNoBody(exchange(HttpVersion.HTTP_1_0, new HttpHeaders(), Flux.empty()).getRequest()))
			.isTrue();
		// not the server's own request: nothing is known about its body
		assertThat(ReplayableRequest.hasNoBody(MockServerHttpRequest.get("/api").build())).isFalse();
	}

	@Test
	void prepareWhenBodyAlreadyCachedByAnotherFilterThenUsedAsIs() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api"));
		exchange.getAttributes().put(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR,
				DefaultDataBufferFactory.sharedInstance.wrap("cached".getBytes(StandardCharsets.UTF_8)));
		assertThat(ReplayableRequest.prepare(exchange, 6).block().replayable()).isTrue();
		assertThat(ReplayableRequest.prepare(exchange, 5).block().replayable()).isFalse();
	}

}
