package io.tokengate.tests.support;

import java.time.Duration;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A {@link WebTestClient} against the gateway running on a random local port.
 */
public final class GatewayClient {

	private GatewayClient() {
	}

	public static WebTestClient to(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(15))
			.build();
	}

}
