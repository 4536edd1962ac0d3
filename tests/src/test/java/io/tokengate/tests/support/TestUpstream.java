package io.tokengate.tests.support;

import java.util.List;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * A WireMock server on 127.0.0.1 and a dynamic port, standing in for an upstream API, an
 * identity provider or a token endpoint. Starts with a catch-all 200 so that every request it
 * receives can be inspected.
 */
public final class TestUpstream implements AutoCloseable {

	private final WireMockServer server;

	private TestUpstream(WireMockServer server) {
		this.server = server;
	}

	public static TestUpstream start() {
		return start(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
	}

	/**
	 * Like {@link #start()}, but keeps no journal: every request is handed to {@code observer}
	 * instead, so that a long run holds only what the observer keeps.
	 */
	public static TestUpstream observing(Consumer<Request> observer) {
		TestUpstream upstream = start(
				WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().disableRequestJournal());
		upstream.server.addMockServiceRequestListener((request, response) -> observer.accept(request));
		return upstream;
	}

	private static TestUpstream start(WireMockConfiguration options) {
		WireMockServer server = new WireMockServer(options);
		server.start();
		TestUpstream upstream = new TestUpstream(server);
		upstream.reset();
		return upstream;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public WireMockServer server() {
		return this.server;
	}

	/** Forgets every request and stub, then answers everything with 200 {@code upstream-ok}. */
	public void reset() {
		this.server.resetAll();
		this.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/plain")
			.withBody("upstream-ok")));
	}

	public List<LoggedRequest> requests() {
		return this.server.findAll(anyRequestedFor(anyUrl()));
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
