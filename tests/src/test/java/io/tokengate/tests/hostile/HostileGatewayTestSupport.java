package io.tokengate.tests.hostile;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokengate.app.TokengateApplication;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.tests.authn.TestClockConfiguration;
import io.tokengate.tests.support.FreePorts;
import io.tokengate.tests.support.MovableClock;
import io.tokengate.tests.support.TestUpstream;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * One gateway (profile {@code hostile}, a movable clock) shared by the hostile-input, fault,
 * revocation and leak suites: the subclasses inherit this configuration, so Spring starts it
 * once. {@link #idp} plays introspection endpoint, JWK Set and token endpoint; {@link #upstream}
 * is the API behind the gateway. Both are reset before every test.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("hostile")
@Import(TestClockConfiguration.class)
abstract class HostileGatewayTestSupport {

	/** The only API key the policy knows. */
	static final String KEY = "key-alice";

	static final String HMAC_SECRET = "hostile-hmac-secret-0123456789abcdef-XYZ";

	static final String INTROSPECTION_SECRET = "introspection-client-secret-Q7";

	static final String TOKEN_ENDPOINT_SECRET = "token-endpoint-secret-K9";

	static final String AGORA_CERTIFICATE = "5CFd2fd1755d40ecb72977518be15d3b";

	/** Opaque tokens with this prefix are active at the IdP; every other one is inactive. */
	static final String ACTIVE_PREFIX = "opaque-active-";

	static final TestUpstream idp = TestUpstream.start();

	static final TestUpstream upstream = TestUpstream.start();

	static final int closedPort = FreePorts.next();

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	InboundPolicies policies;

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		registry.add("test.idp.url", idp::baseUrl);
		registry.add("test.upstream.url", upstream::baseUrl);
		registry.add("test.closed-port", () -> closedPort);
	}

	private static boolean warm;

	@BeforeEach
	void resetServers() throws Exception {
		warmUpOnce();
		upstream.reset();
		idp.reset();
		introspectionAnswers(okJson("{\"active\":false}"));
		idp.server()
			.stubFor(post(urlEqualTo("/introspect")).withBasicAuth("gateway", INTROSPECTION_SECRET)
				.withFormParam("token", matching(ACTIVE_PREFIX + ".*"))
				.willReturn(okJson(active(Duration.ofHours(1)))));
		tokenEndpointAnswers(okJson("{\"token\":\"upstream-secret-token-1\",\"expires_in\":300}"));
		idp.server().stubFor(get(urlEqualTo("/keys/late.json")).willReturn(aResponse().withStatus(503).withBody("down")));
	}

	/**
	 * Sends one request of each kind through the fresh gateway, and fetches from the IdP with the
	 * JDK client Nimbus uses, so that class loading and first connections (slow on a loaded
	 * machine) do not count against the one-second timeouts the fault tests measure.
	 */
	private void warmUpOnce() throws Exception {
		if (warm) {
			return;
		}
		upstream.reset();
		idp.reset();
		introspectionAnswers(okJson("{\"active\":false}"));
		HttpURLConnection connection = (HttpURLConnection) URI.create(idp.baseUrl() + "/warm-up")
			.toURL()
			.openConnection();
		connection.getInputStream().readAllBytes();
		connection.disconnect();
		RawHttp.send(this.port, "GET", "/api/warm-up", List.of("Authorization: Token " + KEY), 30_000);
		RawHttp.send(this.port, "GET", "/api/warm-up", List.of("Authorization: Bearer warm-up-token"), 30_000);
		warm = true;
	}

	/** Every introspection (whatever the token) is answered with {@code response}. */
	static void introspectionAnswers(ResponseDefinitionBuilder response) {
		idp.server()
			.stubFor(post(urlEqualTo("/introspect")).withBasicAuth("gateway", INTROSPECTION_SECRET).willReturn(response));
	}

	static void tokenEndpointAnswers(ResponseDefinitionBuilder response) {
		idp.server()
			.stubFor(post(urlEqualTo("/token")).withHeader("Authorization", equalTo("Bearer " + TOKEN_ENDPOINT_SECRET))
				.willReturn(response));
	}

	String active(Duration life) {
		return "{\"active\":true,\"sub\":\"alice\",\"client_id\":\"partner-app\",\"scope\":\"orders.read\",\"exp\":"
				+ this.clock.instant().plus(life).getEpochSecond() + "}";
	}

	static int introspections() {
		return idp.server().countRequestsMatching(postRequestedFor(urlEqualTo("/introspect")).build()).getCount();
	}

	static int introspections(String token) {
		return idp.server()
			.countRequestsMatching(postRequestedFor(urlEqualTo("/introspect")).withFormParam("token", equalTo(token))
				.build())
			.getCount();
	}

	static int tokenFetches() {
		return idp.server().countRequestsMatching(postRequestedFor(urlEqualTo("/token")).build()).getCount();
	}

	static List<LoggedRequest> upstreamRequests() {
		return upstream.requests();
	}

	/** Valid claims for the {@code hostile} policy: right issuer and audience, 10 minutes left. */
	JWTClaimsSet.Builder claims() {
		return new JWTClaimsSet.Builder().subject("jwt-user")
			.issuer("https://idp.example")
			.audience("partner-api")
			.claim("scope", "orders.read")
			.issueTime(Date.from(this.clock.instant()))
			.expirationTime(Date.from(this.clock.instant().plusSeconds(600)));
	}

	static String hs256(JWSHeader header, JWTClaimsSet claims, String secret) {
		try {
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hs256(JWTClaimsSet claims) {
		return hs256(new JWSHeader(JWSAlgorithm.HS256), claims, HMAC_SECRET);
	}

}
