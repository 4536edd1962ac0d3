package io.tokengate.tests.upstream;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A WireMock server on a dynamic port of 127.0.0.1, started at once so its URL can feed
 * {@code @DynamicPropertySource}.
 */
final class WireMockStub {

	private WireMockStub() {
	}

	static WireMockServer start() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.dynamicPort()
			.containerThreads(64)
			.jettyAcceptors(1));
		server.start();
		return server;
	}

	/** Requests received on paths matching {@code regex}, oldest first. */
	static List<LoggedRequest> received(WireMockServer server, String regex) {
		return server.findAll(anyRequestedFor(urlPathMatching(regex)));
	}

}
