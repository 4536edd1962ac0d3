package io.tokengate.tests.authn;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server on 127.0.0.1 and a dynamic port playing the identity provider
 * (introspection endpoint, JWK Sets) and the upstream API behind the gateway.
 * The introspection stubs only answer a request authenticated as {@code gateway} with
 * {@code client_secret_basic}, so a wrong client authentication shows up as a failed test.
 */
public final class TestIdp {

	public static final String CLIENT_ID = "gateway";

	public static final String CLIENT_SECRET = "gateway-secret";

	/** Paths the gateway routes to this server as the upstream API. */
	private static final String UPSTREAM = "/(api|jwks|rotation|down|stale-api)/.*";

	private final WireMockServer server;

	private boolean warm;

	private TestIdp(WireMockServer server) {
		this.server = server;
	}

	public static TestIdp start() {
		WireMockServer server = new WireMockServer(
				options().bindAddress("127.0.0.1").dynamicPort().containerThreads(64).jettyAcceptors(2));
		server.start();
		return new TestIdp(server);
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public void stop() {
		this.server.stop();
	}

	/** Forgets every stub and every recorded request, then serves the upstream again. */
	public void reset() {
		this.server.resetAll();
		this.server.stubFor(any(urlPathMatching(UPSTREAM))
			.atPriority(10)
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("upstream")));
	}

	/** {@code path} answers an introspection of {@code token} with {@code response}. */
	public void introspection(String path, String token, ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlEqualTo(path)).withBasicAuth(CLIENT_ID, CLIENT_SECRET)
			.withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
			.withFormParam("token", equalTo(token))
			.withFormParam("token_type_hint", equalTo("access_token"))
			.willReturn(response));
	}

	/** {@code path} answers an introspection of {@code token} with the JSON {@code answer}. */
	public void introspection(String path, String token, String answer) {
		introspection(path, token, okJson(answer));
	}

	public int introspections(String path, String token) {
		return count(postRequestedFor(urlEqualTo(path)).withFormParam("token", equalTo(token)));
	}

	public int introspections(String path) {
		return count(postRequestedFor(urlEqualTo(path)));
	}

	public void jwks(String path, JWKSet keys) {
		this.server.stubFor(get(urlEqualTo(path)).willReturn(okJson(keys.toPublicJWKSet().toString())));
	}

	public void jwks(String path, ResponseDefinitionBuilder response) {
		this.server.stubFor(get(urlEqualTo(path)).willReturn(response));
	}

	public int jwksFetches(String path) {
		return count(getRequestedFor(urlEqualTo(path)));
	}

	/** Every request that reached the upstream, in arrival order. */
	public List<LoggedRequest> upstreamRequests() {
		return this.server.findAll(RequestPatternBuilder.newRequestPattern(RequestMethod.ANY, urlPathMatching(UPSTREAM)));
	}

	/**
	 * Sends one introspected request through a fresh gateway, so that the first test does not
	 * pay for class loading and connection set-up inside an introspection timeout.
	 */
	public static void warmUpOnce(TestIdp idp, WebTestClient gateway) {
		if (idp.warm) {
			return;
		}
		idp.reset();
		idp.introspection("/introspect", "warm-up-token", "{\"active\":false}");
		gateway.get().uri("/api/orders").headers((headers) -> headers.setBearerAuth("warm-up-token")).exchange();
		idp.warm = true;
	}

	private int count(RequestPatternBuilder pattern) {
		return this.server.countRequestsMatching(pattern.build()).getCount();
	}

}
