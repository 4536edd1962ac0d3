package io.tokengate.gateway;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static io.tokengate.gateway.ServerExchanges.chunks;
import static io.tokengate.gateway.ServerExchanges.exchange;
import static io.tokengate.gateway.ServerExchanges.read;
import static org.assertj.core.api.Assertions.assertThat;

class ReplayableRequestTests {

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
	void prepareWhenBodyAlreadyCachedByAnotherFilterThenUsedAsIs() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api"));
		exchange.getAttributes().put(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR,
				DefaultDataBufferFactory.sharedInstance.wrap("cached".getBytes(StandardCharsets.UTF_8)));
		assertThat(ReplayableRequest.prepare(exchange, 6).block().replayable()).isTrue();
		assertThat(ReplayableRequest.prepare(exchange, 5).block().replayable()).isFalse();
	}

}
