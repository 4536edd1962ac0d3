package io.tokengate.tests.upstream;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokengate.app.TokengateApplication;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.tests.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/alo.yml} against a stub shaped like ALO's authorization service: a POST with the
 * developer key as Bearer and {@code {"ttl", "user": {"id"}}}, answered by {@code {"token": <JWT>}}
 * whose {@code exp} is the expiry.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.import=file:../config/alo.yml", "ALO_API_KEY=jjPP43dkEJHzzzlIYSGVt8HE5xOAtz1",
				"ALO_CALLER_KEY_SHA256=" + ProviderRequests.CALLER_KEY_SHA256,
				"ALO_CALLER_USER_ID=A744d43X-3316-56f7-a6a3-99ecbbd44agg" })
@Import(UpstreamTestConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AloExampleTests {

	static final WireMockServer alo = WireMockStub.start();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("ALO_AUTH_URI", () -> alo.baseUrl() + "/v1/auth");
		registry.add("ALO_API_URI", alo::baseUrl);
	}

	@AfterAll
	static void stop() {
		alo.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	UpstreamCredentials credentials;

	static String jwt(String subject, Instant exp) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
				new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(exp)).build());
		jwt.sign(new MACSigner("an-alo-signing-key-of-32-bytes!!".getBytes()));
		return jwt.serialize();
	}

	@Test
	void requestWhenAloExampleThenPerUserJwtFromDeveloperKey() throws Exception {
		Instant exp = MovableClock.START.plusSeconds(3600);
		String token = jwt("A744d43X-3316-56f7-a6a3-99ecbbd44agg", exp);
		alo.stubFor(post("/v1/auth").willReturn(okJson("{\"token\":\"" + token + "\"}")));
		alo.stubFor(get("/v1/channels").willReturn(okJson("[]")));

		WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.get()
			.uri("/alo/v1/channels")
			.header(HttpHeaders.AUTHORIZATION, "Token " + ProviderRequests.CALLER_KEY)
			.exchange()
			.expectStatus()
			.isOk();

		List<LoggedRequest> authRequests = WireMockStub.received(alo, "/v1/auth");
		assertThat(authRequests).hasSize(1);
		LoggedRequest auth = authRequests.get(0);
		assertThat(auth.getMethod().getName()).isEqualTo("POST");
		assertThat(auth.getHeader("Authorization")).isEqualTo("Bearer jjPP43dkEJHzzzlIYSGVt8HE5xOAtz1");
		assertThat(auth.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(auth.getBodyAsString()).isEqualTo("{\"ttl\": 60, \"user\": {\"id\": \"A744d43X-3316-56f7-a6a3-99ecbbd44agg\"}}");
		assertThat(ProviderRequests.headerNames(auth)).doesNotContain("x-auth-subject");

		LoggedRequest api = WireMockStub.received(alo, "/v1/channels").get(0);
		assertThat(api.getHeaders().getHeader("Authorization").values()).containsExactly("Bearer " + token);
		assertThat(api.getHeader("X-Auth-Subject")).isEqualTo("A744d43X-3316-56f7-a6a3-99ecbbd44agg");

		// the expiry is the JWT's own exp (no expires-in/expires-at configured)
		assertThat(this.credentials.find("alo").orElseThrow().cache().snapshot().partitions().get(0).expiresAt())
			.isEqualTo(exp);
	}

}
