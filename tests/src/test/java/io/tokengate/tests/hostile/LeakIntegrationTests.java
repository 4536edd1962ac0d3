package io.tokengate.tests.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.upstream.UpstreamTokenCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full scenario with known secret values (allowed, denied, malformed, refreshed and failing
 * requests over every credential form, introspection, HMAC JWTs, a token endpoint and Agora
 * tokens minted locally), with Tokengate's loggers at TRACE: none of the secrets appears in the
 * captured log output, in any response (status line, headers, body), in the actuator's metrics
 * and health output, or (for the caller's credentials and the gateway's own secrets) in any
 * request the upstream received.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeakIntegrationTests extends HostileGatewayTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TOKEN_A = "upstream-secret-token-leak-A";

	private static final String TOKEN_B = "upstream-secret-token-leak-B";

	private final List<String> responses = new ArrayList<>();

	@Autowired
	private UpstreamCredentials credentials;

	@AfterEach
	void quietAgain() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("io.tokengate", null);
	}

	private RawHttp.Response send(String target, String... headers) {
		RawHttp.Response response = RawHttp.send(this.port, "GET", target, List.of(headers), 10_000);
		this.responses.add(response.whole());
		return response;
	}

	@Test
	void noSecretAppearsInLogsResponsesActuatorOutputOrUpstreamRequests(CapturedOutput output) {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("io.tokengate", LogLevel.TRACE);
		// past any backoff an earlier test left behind
		this.clock.advance(Duration.ofHours(1));
		String activeOpaque = ACTIVE_PREFIX + "leak-1";
		String inactiveOpaque = "opaque-leak-inactive-1";
		String installToken = "install-leak-token-1";
		String jwt = hs256(claims().build());
		String unknownKey = "unknown-leak-key-1";
		String malformed = "malformed-leak\"value";
		idp.server()
			.stubFor(post(urlEqualTo("/introspect")).withBasicAuth("gateway", INTROSPECTION_SECRET)
				.withFormParam("token", equalTo(installToken))
				.willReturn(okJson("{\"active\":true,\"sub\":\"alice\",\"installid\":\"dev-7\",\"exp\":"
						+ this.clock.instant().plusSeconds(3600).getEpochSecond() + "}")));
		tokenEndpointAnswers(okJson("{\"token\":\"" + TOKEN_A + "\",\"expires_in\":300}"));
		credentialsCache().evictAll();

		// allowed, every form
		assertThat(send("/flaky/orders", "Authorization: Token " + KEY).status()).isEqualTo(200);
		assertThat(send("/api/orders", "Authorization: Bearer " + jwt).status()).isEqualTo(200);
		assertThat(send("/api/orders", "Authorization: Bearer " + activeOpaque).status()).isEqualTo(200);
		assertThat(send("/api/orders?installid=dev-7&token=" + installToken).status()).isEqualTo(200);
		assertThat(send("/api/orders", "X-Install-Token: " + installToken, "X-Install-Id: dev-7").status())
			.isEqualTo(200);
		assertThat(send("/agora/users", "Authorization: Token " + KEY).status()).isEqualTo(200);
		// denied and malformed
		assertThat(send("/api/orders", "Authorization: Bearer " + inactiveOpaque).status()).isEqualTo(401);
		assertThat(send("/api/orders", "Authorization: Token " + unknownKey).status()).isEqualTo(401);
		assertThat(send("/api/orders", "Authorization: Bearer " + malformed).status()).isEqualTo(400);
		assertThat(send("/api/orders?installid=dev-8&token=" + installToken).status()).isEqualTo(401);
		assertThat(send("/api/orders", "Authorization: Bearer " + hs256(claims().audience("other").build()))
			.status()).isEqualTo(401);
		// refreshed: past refresh-ahead the current token is served while a new one is fetched
		tokenEndpointAnswers(okJson("{\"token\":\"" + TOKEN_B + "\",\"expires_in\":300}"));
		this.clock.advance(Duration.ofSeconds(241));
		assertThat(send("/flaky/orders", "Authorization: Token " + KEY).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(send("/flaky/orders", "Authorization: Token " + KEY).status()).isEqualTo(200);
			assertThat(upstreamRequests().get(upstreamRequests().size() - 1).getHeader("Authorization"))
				.isEqualTo("Bearer " + TOKEN_B);
		});
		// failing: no usable upstream token, and an IdP that answers 500
		tokenEndpointAnswers(serverError().withBody("{\"error\":\"" + TOKEN_ENDPOINT_SECRET + "\"}"));
		this.clock.advance(Duration.ofSeconds(600));
		assertThat(send("/flaky/orders", "Authorization: Token " + KEY).status()).isEqualTo(503);
		introspectionAnswers(serverError().withBody("{\"echo\":\"" + INTROSPECTION_SECRET + "\"}"));
		assertThat(send("/api/orders", "Authorization: Bearer " + ACTIVE_PREFIX + "leak-2").status()).isEqualTo(503);

		List<LoggedRequest> forwarded = upstreamRequests();
		assertThat(forwarded).hasSizeGreaterThanOrEqualTo(8);
		assertThat(forwarded.get(0).getHeader("Authorization")).isEqualTo("Bearer " + TOKEN_A);
		String agoraToken = forwarded.stream()
			.filter((request) -> request.getUrl().startsWith("/agora"))
			.findFirst()
			.orElseThrow()
			.getHeader("Authorization")
			.substring("Bearer ".length());
		assertThat(agoraToken).startsWith("007");

		List<String> callerSecrets = List.of(KEY, activeOpaque, inactiveOpaque, installToken, jwt, unknownKey,
				malformed, ACTIVE_PREFIX + "leak-2");
		List<String> gatewaySecrets = List.of(HMAC_SECRET, INTROSPECTION_SECRET, TOKEN_ENDPOINT_SECRET,
				AGORA_CERTIFICATE);
		List<String> upstreamTokens = List.of(TOKEN_A, TOKEN_B, agoraToken);
		String actuator = actuatorOutput();
		assertThat(actuator).contains("tokengate");
		// the log is about these requests, and names credentials by fingerprint only
		assertThat(output.getOut()).contains("denied route=hostile policy=hostile status=401");
		for (List<String> secrets : List.of(callerSecrets, gatewaySecrets, upstreamTokens)) {
			for (String secret : secrets) {
				assertThat(output.getAll()).as("log output").doesNotContain(secret);
				assertThat(actuator).as("actuator output").doesNotContain(secret);
				assertThat(this.responses).as("responses").noneMatch((response) -> response.contains(secret));
			}
		}
		for (LoggedRequest request : forwarded) {
			String seen = request.getUrl() + "\n" + request.getHeaders() + "\n" + request.getBodyAsString();
			for (List<String> secrets : List.of(callerSecrets, gatewaySecrets)) {
				for (String secret : secrets) {
					assertThat(seen).as("upstream request " + request.getUrl()).doesNotContain(secret);
				}
			}
		}
	}

	private UpstreamTokenCache credentialsCache() {
		return this.credentials.find("flaky").orElseThrow().cache();
	}

	/** {@code /actuator/health}, {@code /actuator/metrics} and every metric it lists, as text. */
	private String actuatorOutput() {
		StringBuilder all = new StringBuilder();
		all.append(get("/actuator/health"));
		String names = get("/actuator/metrics");
		all.append(names);
		for (JsonNode name : JSON.readTree(names.substring(names.indexOf("\r\n\r\n") + 4)).get("names")) {
			all.append(get("/actuator/metrics/" + name.asString()));
		}
		return all.toString();
	}

	private String get(String path) {
		RawHttp.Response response = RawHttp.send(this.port, "GET", path, List.of(), 10_000);
		assertThat(response.status()).as(path).isEqualTo(200);
		return response.whole();
	}

}
