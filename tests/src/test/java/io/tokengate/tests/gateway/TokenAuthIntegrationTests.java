package io.tokengate.tests.gateway;

import java.net.URI;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.credential.Sha256;
import io.tokengate.tests.support.GatewayClient;
import io.tokengate.tests.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real gateway with a {@code TokenAuth} route in front of a WireMock upstream: what the
 * caller gets back and, just as much, what the upstream receives.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("tokenauth")
@ExtendWith(OutputCaptureExtension.class)
class TokenAuthIntegrationTests {

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
	void validKeyIsForwardedWithTrustedIdentityAndWithoutCredential() {
		client().get()
			.uri(URI.create(base() + "/api/orders?page=2&sort=-date&q=a%20b"))
			.header(HttpHeaders.AUTHORIZATION, "Token key-alice")
			.header("X-Auth-Subject", "mallory")
			.header("X-Auth-Scopes", "admin")
			.header("X-Request-Id", "r-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("upstream-ok");

		LoggedRequest forwarded = onlyRequest();
		assertThat(forwarded.getUrl()).isEqualTo("/api/orders?page=2&sort=-date&q=a%20b");
		assertThat(forwarded.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
		assertThat(forwarded.getHeaders().getHeader("X-Auth-Subject").values()).containsExactly("alice");
		assertThat(forwarded.getHeaders().getHeader("X-Auth-App").values()).containsExactly("app-7");
		assertThat(forwarded.getHeaders().getHeader("X-Auth-Scopes").values())
			.containsExactly("orders.read orders.write");
		assertThat(forwarded.containsHeader("X-Auth-Install-Id")).isFalse();
		assertThat(forwarded.getHeaders().getHeader("X-Request-Id").values()).containsExactly("r-1");
	}

	@Test
	void lowercaseSchemeIsAccepted() {
		client().get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "token key-alice").exchange()
			.expectStatus().isOk();
		assertThat(upstream.requests()).hasSize(1);
	}

	@Test
	void missingCredentialIsChallengedAndNothingIsForwarded() {
		client().get()
			.uri("/api/orders")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Token realm=\"partner-api\"")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"A credential is required\"}",
					org.springframework.test.json.JsonCompareMode.STRICT);
		assertThat(upstream.requests()).isEmpty();
	}

	@Test
	void deniedRequestIsLoggedOnceWithFingerprintOnly(CapturedOutput output) {
		client().get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Token guessed-key-456").exchange()
			.expectStatus().isUnauthorized();
		String line = "denied route=partners policy=partners status=401 reason=invalid_token credential="
				+ Sha256.fingerprint("guessed-key-456");
		assertThat(output.getAll()).containsOnlyOnce(line).doesNotContain("guessed-key-456");
	}

	@Test
	void unknownKeyIsInvalidTokenAndNotEchoed() {
		String body = client().get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token guessed-key-123")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Token realm=\"partner-api\", error=\"invalid_token\", error_description=\"Unknown API key\"")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).isEqualTo(
				"{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Unknown API key\",\"error\":\"invalid_token\"}");
		assertThat(upstream.requests()).isEmpty();
	}

	@Test
	void keyWithoutRequiredScopeIsForbidden() {
		client().get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token key-bob")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Token realm=\"partner-api\", error=\"insufficient_scope\", "
							+ "error_description=\"The credential lacks a required scope\", scope=\"orders.read\"")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("insufficient_scope");
		assertThat(upstream.requests()).isEmpty();
	}

	@Test
	void twoAuthorizationHeadersAreInvalidRequest() {
		client().get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token key-alice", "Token key-bob")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Token realm=\"partner-api\", error=\"invalid_request\", "
							+ "error_description=\"The request carries more than one Authorization header\"")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400);
		assertThat(upstream.requests()).isEmpty();
	}

	@Test
	void malformedKeyIsInvalidRequest() {
		client().get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token key alice")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request");
		assertThat(upstream.requests()).isEmpty();
	}

	@Test
	void deniedRequestBodyIsNotForwarded() {
		client().post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token nope")
			.bodyValue("{\"amount\":10}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(upstream.requests()).isEmpty();
	}

	@Test
	void routeWithoutTokenAuthForwardsAsIs() {
		client().get().uri("/open/x").header(HttpHeaders.AUTHORIZATION, "Token key-alice").exchange()
			.expectStatus().isOk();
		assertThat(onlyRequest().getHeader(HttpHeaders.AUTHORIZATION)).isEqualTo("Token key-alice");
	}

	private LoggedRequest onlyRequest() {
		List<LoggedRequest> requests = upstream.requests();
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private WebTestClient client() {
		return GatewayClient.to(this.port);
	}

}
