package io.tokengate.tests.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.gateway.EmptyRequestBodyFilter;
import io.tokengate.tests.support.GatewayClient;
import io.tokengate.tests.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable gateway forwards a request that certainly has no body with an empty one, without
 * reading the server's (EmptyRequestBodyFilter); every body a request does have reaches the
 * upstream whole, with or without {@code TokenAuth}, framed by length or in chunks.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("tokenauth")
class BodyForwardingIntegrationTests {

	private static final TestUpstream upstream = TestUpstream.start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("test.upstream.url", upstream::baseUrl);
	}

	@AfterAll
	static void stop() {
		upstream.close();
	}

	@BeforeEach
	void reset() {
		upstream.reset();
	}

	@Test
	void everyRouteGoesThroughTheFilter(@Autowired List<GlobalFilter> globalFilters) {
		assertThat(globalFilters).filteredOn(EmptyRequestBodyFilter.class::isInstance).hasSize(1);
	}

	@Test
	void getWithoutBodyIsForwardedWithoutBodyOrFraming() {
		client().get().uri("/open/x").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("upstream-ok");

		LoggedRequest forwarded = onlyRequest();
		assertThat(forwarded.getMethod().getName()).isEqualTo("GET");
		assertThat(forwarded.getBodyAsString()).isEmpty();
		assertThat(forwarded.containsHeader(HttpHeaders.TRANSFER_ENCODING)).isFalse();
		assertThat(forwarded.getHeader(HttpHeaders.CONTENT_LENGTH)).isIn(null, "0");
	}

	@Test
	void bodyWithContentLengthIsForwardedWhole() {
		client().post().uri("/open/orders").bodyValue("{\"amount\":10}").exchange().expectStatus().isOk();

		LoggedRequest forwarded = onlyRequest();
		assertThat(forwarded.getBodyAsString()).isEqualTo("{\"amount\":10}");
		assertThat(forwarded.getHeader(HttpHeaders.CONTENT_LENGTH)).isEqualTo("13");
	}

	@Test
	void chunkedBodyIsForwardedWhole() {
		client().post()
			.uri("/open/orders")
			.body(Flux.just("{\"amount\":", "10}"), String.class)
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(onlyRequest().getBodyAsString()).isEqualTo("{\"amount\":10}");
	}

	@Test
	void bodyThroughTokenAuthIsForwardedWhole() {
		client().post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token key-alice")
			.bodyValue("{\"amount\":10}")
			.exchange()
			.expectStatus()
			.isOk();

		LoggedRequest forwarded = onlyRequest();
		assertThat(forwarded.getBodyAsString()).isEqualTo("{\"amount\":10}");
		assertThat(forwarded.getHeader("X-Auth-Subject")).isEqualTo("alice");
	}

	@Test
	void requestWithBodyAfterUnreadEmptyOneOnTheSameConnectionKeepsItsBody() throws IOException {
		// the server's own body of the GET is never read: the POST sent next on the same connection
		// must still start where the GET ended, and carry its body
		String host = "Host: 127.0.0.1:" + this.port + "\r\n";
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(5000);
			String first = send(socket, "GET /open/first HTTP/1.1\r\n" + host + "\r\n");
			String second = send(socket,
					"POST /open/second HTTP/1.1\r\n" + host + "Content-Length: 5\r\nConnection: close\r\n\r\nhello");
			assertThat(first).startsWith("HTTP/1.1 200 OK").doesNotContainIgnoringCase("connection: close");
			assertThat(second).startsWith("HTTP/1.1 200 OK");
		}
		List<LoggedRequest> forwarded = upstream.requests();
		assertThat(forwarded).extracting(LoggedRequest::getUrl).containsExactlyInAnyOrder("/open/first", "/open/second");
		for (LoggedRequest request : forwarded) {
			assertThat(request.getBodyAsString()).isEqualTo(request.getUrl().equals("/open/first") ? "" : "hello");
		}
	}

	/** Writes one request and reads its whole response, whose body comes in chunks as the upstream's did. */
	private static String send(Socket socket, String request) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		while (!answer.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")) {
			int next = in.read();
			if (next == -1) {
				break;
			}
			answer.write(next);
		}
		return answer.toString(StandardCharsets.ISO_8859_1);
	}

	private LoggedRequest onlyRequest() {
		List<LoggedRequest> requests = upstream.requests();
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private WebTestClient client() {
		return GatewayClient.to(this.port);
	}

}
