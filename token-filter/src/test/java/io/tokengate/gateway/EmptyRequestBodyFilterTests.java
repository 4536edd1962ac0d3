package io.tokengate.gateway;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static io.tokengate.gateway.ServerExchanges.chunks;
import static io.tokengate.gateway.ServerExchanges.exchange;
import static io.tokengate.gateway.ServerExchanges.headers;
import static io.tokengate.gateway.ServerExchanges.read;
import static org.assertj.core.api.Assertions.assertThat;

class EmptyRequestBodyFilterTests {

	private final EmptyRequestBodyFilter filter = new EmptyRequestBodyFilter();

	private final AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();

	private final GatewayFilterChain chain = (exchange) -> {
		this.forwarded.set(exchange);
		return Mono.empty();
	};

	private final AtomicInteger subscriptions = new AtomicInteger();

	/** A body that counts who subscribes to it, as the server connection's inbound would be read. */
	private Flux<DataBuffer> countedBody(String... parts) {
		return Flux.defer(() -> {
			this.subscriptions.incrementAndGet();
			return chunks(parts);
		});
	}

	@Test
	void filterWhenHttp1WithoutLengthOrTransferEncodingThenForwardedEmptyWithoutReadingTheServersBody() {
		HttpHeaders headers = headers("X-Request-Id", "r-1");
		ServerWebExchange exchange = exchange(HttpVersion.HTTP_1_1, headers, countedBody("never sent"));

		this.filter.filter(exchange, this.chain).block();

		ServerWebExchange sent = this.forwarded.get();
		assertThat(sent).isNotSameAs(exchange);
		assertThat(read(sent)).isEmpty();
		assertThat(read(sent)).isEmpty();
		assertThat(this.subscriptions).hasValue(0);
		assertThat(sent.getRequest().getHeaders().getFirst("X-Request-Id")).isEqualTo("r-1");
		assertThat(sent.getRequest().getMethod()).isEqualTo(exchange.getRequest().getMethod());
		assertThat(sent.getRequest().getURI()).isEqualTo(exchange.getRequest().getURI());
	}

	@Test
	void filterWhenContentLengthZeroThenForwardedEmptyOverAnyVersion() {
		ServerWebExchange exchange = exchange(HttpVersion.valueOf("HTTP/2.0"), headers(HttpHeaders.CONTENT_LENGTH, "0"),
				countedBody());

		this.filter.filter(exchange, this.chain).block();

		assertThat(this.forwarded.get()).isNotSameAs(exchange);
		assertThat(read(this.forwarded.get())).isEmpty();
		assertThat(this.subscriptions).hasValue(0);
	}

	@Test
	void filterWhenContentLengthDeclaredThenForwardedUntouched() {
		ServerWebExchange exchange = exchange(HttpVersion.HTTP_1_1, headers(HttpHeaders.CONTENT_LENGTH, "11"),
				countedBody("hello", " world"));

		this.filter.filter(exchange, this.chain).block();

		assertThat(this.forwarded.get()).isSameAs(exchange);
		assertThat(read(this.forwarded.get())).isEqualTo("hello world");
	}

	@Test
	void filterWhenChunkedThenForwardedUntouched() {
		ServerWebExchange exchange = exchange(HttpVersion.HTTP_1_1, headers(HttpHeaders.TRANSFER_ENCODING, "chunked"),
				countedBody("ab", "c"));

		this.filter.filter(exchange, this.chain).block();

		assertThat(this.forwarded.get()).isSameAs(exchange);
		assertThat(read(this.forwarded.get())).isEqualTo("abc");
	}

	@Test
	void filterWhenHttp2WithoutLengthThenForwardedUntouched() {
		ServerWebExchange exchange = exchange(HttpVersion.valueOf("HTTP/2.0"), new HttpHeaders(), countedBody("abc"));

		this.filter.filter(exchange, this.chain).block();

		assertThat(this.forwarded.get()).isSameAs(exchange);
		assertThat(read(this.forwarded.get())).isEqualTo("abc");
	}

	@Test
	void filterWhenNotTheServersRequestThenForwardedUntouched() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api"));

		this.filter.filter(exchange, this.chain).block();

		assertThat(this.forwarded.get()).isSameAs(exchange);
	}

	@Test
	void orderWhenComparedWithTokenAuthAndRouteFiltersThenEarlier() {
		// route filters without an order of their own get 1, 2, ... by position; TokenAuth has its own
		assertThat(this.filter.getOrder()).isLessThan(1);
		assertThat(this.filter.getOrder()).isLessThan(TokenAuthGatewayFilter.ORDER);
	}

}
