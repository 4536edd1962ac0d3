package io.tokengate.gateway;

import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static io.tokengate.gateway.ServerExchanges.exchange;
import static io.tokengate.gateway.ServerExchanges.headers;
import static org.assertj.core.api.Assertions.assertThat;

class RequestBodiesTests {

	private static final HttpVersion HTTP_2 = HttpVersion.valueOf("HTTP/2.0");

	private static boolean certainlyEmpty(HttpVersion version, HttpHeaders headers) {
		return RequestBodies.certainlyEmpty(exchange(version, headers, Flux.empty()).getRequest());
	}

	@Test
	void certainlyEmptyWhenContentLengthZeroThenTrueOverAnyVersion() {
		HttpHeaders empty = headers(HttpHeaders.CONTENT_LENGTH, "0");
		assertThat(certainlyEmpty(HTTP_2, empty)).isTrue();
		assertThat(certainlyEmpty(HttpVersion.HTTP_1_1, empty)).isTrue();
		assertThat(RequestBodies.certainlyEmpty(MockServerHttpRequest.post("/api").contentLength(0).build())).isTrue();
	}

	@Test
	void certainlyEmptyWhenNeitherLengthNorTransferEncodingThenTrueOnlyOverHttp1() {
		assertThat(certainlyEmpty(HttpVersion.HTTP_1_1, new HttpHeaders())).isTrue();
		assertThat(certainlyEmpty(HttpVersion.HTTP_1_0, new HttpHeaders())).isTrue();
		// HTTP/2 frames a body without either header
		assertThat(certainlyEmpty(HTTP_2, new HttpHeaders())).isFalse();
		// not the server's own request: nothing is known about its body
		assertThat(RequestBodies.certainlyEmpty(MockServerHttpRequest.get("/api").build())).isFalse();
	}

	@Test
	void certainlyEmptyWhenLengthOrTransferEncodingDeclaredThenFalse() {
		assertThat(certainlyEmpty(HttpVersion.HTTP_1_1, headers(HttpHeaders.CONTENT_LENGTH, "3"))).isFalse();
		assertThat(certainlyEmpty(HttpVersion.HTTP_1_1, headers(HttpHeaders.TRANSFER_ENCODING, "chunked"))).isFalse();
		assertThat(certainlyEmpty(HttpVersion.HTTP_1_1, headers("transfer-encoding", "gzip, chunked"))).isFalse();
	}

}
