package io.tokengate.tests.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.tests.authn.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of every remote dependency (closed ports, resets, empty answers, slowness, 5xx,
 * garbage): each ends in the documented status within the configured timeout (the client gives
 * up shortly after it), and the gateway recovers by itself when the dependency comes back.
 * Faults already covered elsewhere (introspection 5xx/timeout/garbage, JWK Set unavailable,
 * token endpoint 500/timeout/garbage) are in {@code tests/authn} and {@code tests/upstream}.
 */
class FaultIntegrationTests extends HostileGatewayTestSupport {

	private static final String UNAVAILABLE = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
			+ "\"status\":503,\"detail\":\"The token could not be checked\",\"error\":\"temporarily_unavailable\"}";

	private static final String NO_UPSTREAM_TOKEN = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
			+ "\"status\":503,\"detail\":\"No token for upstream credential 'flaky' can be obtained now\","
			+ "\"credential\":\"flaky\",\"error\":\"temporarily_unavailable\"}";

	@Autowired
	private UpstreamCredentials credentials;

	@BeforeEach
	void freshUpstreamTokens() {
		// leave any backoff of an earlier test behind, then start without a token
		this.clock.advance(Duration.ofHours(1));
		this.credentials.find("flaky").orElseThrow().cache().evictAll();
	}

	/** A client that gives up shortly after the gateway's own bound of {@code configured}. */
	private WebTestClient client(Duration configured) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(configured.plusMillis(1500))
			.build();
	}

	@Test
	void introspectionEndpointRefusingConnectionsThen503WithRetryAfter() {
		client(Duration.ofSeconds(1)).get()
			.uri("/refused/orders")
			.headers((headers) -> headers.setBearerAuth("opaque-refused-1"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "3")
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody(String.class)
			.isEqualTo(UNAVAILABLE);
		assertThat(upstreamRequests()).isEmpty();
	}

	@Test
	void introspectionSlowThenFailingThenBackIsServedWithoutRestart() {
		String token = "opaque-recovering-1";
		WebTestClient client = client(Duration.ofSeconds(2));
		introspectionAnswers(okJson(active(Duration.ofHours(1))).withFixedDelay(4000));
		expect503(client, token);
		introspectionAnswers(serverError());
		expect503(client, token);
		introspectionAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		expect503(client, token);
		assertThat(upstreamRequests()).isEmpty();
		introspectionAnswers(okJson(active(Duration.ofHours(1))));
		client.get()
			.uri("/api/orders")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("upstream-ok");
		assertThat(introspections(token)).isEqualTo(4);
	}

	private void expect503(WebTestClient client, String token) {
		client.get()
			.uri("/api/orders")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "7")
			.expectBody(String.class)
			.isEqualTo(UNAVAILABLE);
	}

	@Test
	void jwkSetDownAtStartThen503ThenPickedUpWhenBackAndCachedKeysOutliveALaterOutage() throws Exception {
		RSAKey key = TestJwts.rsaKey("late-1");
		WebTestClient client = client(Duration.ofSeconds(1));
		String first = TestJwts.rs256(key, TestJwts.claims("first", this.clock.instant()).build());
		// down at start: 503 (the stub from resetServers), the gateway has never had the keys
		client.get()
			.uri("/late/orders")
			.headers((headers) -> headers.setBearerAuth(first))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "4")
			.expectBody(String.class)
			.isEqualTo(UNAVAILABLE.replace("The token could not be checked", "The token signing keys are unavailable"));
		assertThat(upstreamRequests()).isEmpty();
		// back: the same token is now checked, without a restart
		idp.server()
			.stubFor(get(urlEqualTo("/keys/late.json")).willReturn(okJson(new JWKSet(key).toPublicJWKSet().toString())));
		client.get()
			.uri("/late/orders")
			.headers((headers) -> headers.setBearerAuth(first))
			.exchange()
			.expectStatus()
			.isOk();
		// down again (reset): a new token signed with the known key is still verified from the cached set
		idp.server()
			.stubFor(get(urlEqualTo("/keys/late.json")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		String second = TestJwts.rs256(key, TestJwts.claims("second", this.clock.instant()).build());
		client.get()
			.uri("/late/orders")
			.headers((headers) -> headers.setBearerAuth(second))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(idp.server().countRequestsMatching(getRequestedFor(urlEqualTo("/keys/late.json")).build()).getCount())
			.isEqualTo(2);
		assertThat(upstreamRequests()).hasSize(2);
	}

	@Test
	void tokenEndpointResetThenGarbageThen503WithinBackoffThenRecoversWithoutRestart() {
		WebTestClient client = client(Duration.ofSeconds(1));
		tokenEndpointAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		expectNoUpstreamToken(client, "1");
		// inside the backoff no new attempt is made
		expectNoUpstreamToken(client, "1");
		assertThat(tokenFetches()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		tokenEndpointAnswers(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{tok"));
		expectNoUpstreamToken(client, "2");
		assertThat(tokenFetches()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(2));
		tokenEndpointAnswers(aResponse().withFault(Fault.EMPTY_RESPONSE));
		expectNoUpstreamToken(client, "4");
		this.clock.advance(Duration.ofSeconds(4));
		tokenEndpointAnswers(okJson("{\"token\":\"upstream-secret-token-9\",\"expires_in\":300}"));
		client.get()
			.uri("/flaky/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token " + KEY)
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(tokenFetches()).isEqualTo(4);
		List<LoggedRequest> forwarded = upstreamRequests();
		assertThat(forwarded).hasSize(1);
		assertThat(forwarded.get(0).getHeader(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer upstream-secret-token-9");
	}

	private void expectNoUpstreamToken(WebTestClient client, String retryAfter) {
		client.get()
			.uri("/flaky/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token " + KEY)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, retryAfter)
			.expectBody(String.class)
			.isEqualTo(NO_UPSTREAM_TOKEN);
		assertThat(upstreamRequests()).isEmpty();
	}

	@Test
	void upstreamResettingOrClosingConnectionsThen500AndServedAgainOnceItIsBack() {
		// Spring Cloud Gateway answers a connection the upstream dropped with its default error
		// handler: 500, with nothing of the request in the answer
		WebTestClient client = client(Duration.ofSeconds(5));
		for (Fault fault : new Fault[] { Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE }) {
			upstream.server().stubFor(any(anyUrl()).willReturn(aResponse().withFault(fault)));
			client.get()
				.uri("/api/orders")
				.header(HttpHeaders.AUTHORIZATION, "Token " + KEY)
				.exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectBody()
				.consumeWith((result) -> assertThat(String.valueOf(result.getResponseBodyContent() == null ? ""
						: new String(result.getResponseBodyContent(), StandardCharsets.UTF_8)))
					.doesNotContain(KEY));
		}
		upstream.reset();
		client.get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token " + KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("upstream-ok");
	}

}
