package io.tokengate.tests.upstream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.agora.media.AccessToken2;
import io.tokengate.app.TokengateApplication;
import io.tokengate.tests.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/agora.yml}: AccessToken2 app tokens on Agora Chat REST calls and user tokens per
 * subject, minted at the test clock's time. Each token the upstream receives is read back and
 * re-signed with the vendor's own library and the certificate: same bytes, so the signature holds.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.import=file:../config/agora.yml",
				"AGORA_APP_ID=" + AgoraExampleTests.APP_ID, "AGORA_APP_CERTIFICATE=" + AgoraExampleTests.CERTIFICATE,
				"AGORA_CALLER_KEY_SHA256=" + ProviderRequests.CALLER_KEY_SHA256, "AGORA_CALLER_USER_ID=2882341273" })
@Import(UpstreamTestConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AgoraExampleTests {

	static final String APP_ID = "970CA35de60c44645bbae8a215061b33";

	static final String CERTIFICATE = "5CFd2fd1755d40ecb72977518be15d3b";

	static final WireMockServer agora = WireMockStub.start();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("AGORA_REST_URI", agora::baseUrl);
		registry.add("CHAT_SERVICE_URI", agora::baseUrl);
	}

	@AfterAll
	static void stop() {
		agora.stop();
	}

	@LocalServerPort
	int port;

	private String send(String path) {
		agora.resetRequests();
		agora.stubFor(any(urlPathMatching("/.*")).willReturn(okJson("{}")));
		WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Token " + ProviderRequests.CALLER_KEY)
			.exchange()
			.expectStatus()
			.isOk();
		LoggedRequest received = WireMockStub.received(agora, "/.*").get(0);
		String authorization = received.getHeader("Authorization");
		assertThat(authorization).startsWith("Bearer 007");
		return authorization.substring("Bearer ".length());
	}

	/** The vendor library rebuilds the token from its parsed fields and the certificate. */
	private static String resign(AccessToken2 parsed) throws Exception {
		AccessToken2 rebuilt = new AccessToken2(parsed.appId, CERTIFICATE, parsed.expire);
		rebuilt.issueTs = parsed.issueTs;
		rebuilt.salt = parsed.salt;
		parsed.services.values().forEach(rebuilt::addService);
		return rebuilt.build();
	}

	@Test
	void requestWhenRestRouteThenAppTokenValidFor24HoursSignedWithCertificate() throws Exception {
		String token = send("/agora/71212345/1234567/users");

		AccessToken2 parsed = new AccessToken2();
		assertThat(parsed.parse(token)).isTrue();
		assertThat(parsed.appId).isEqualTo(APP_ID);
		assertThat(parsed.issueTs).isEqualTo((int) MovableClock.START.getEpochSecond());
		assertThat(parsed.expire).isEqualTo(86400);
		AccessToken2.ServiceChat chat = (AccessToken2.ServiceChat) parsed.services.get(AccessToken2.SERVICE_TYPE_CHAT);
		assertThat(chat.getUserId()).isEmpty();
		assertThat(chat.getPrivileges()).containsExactly(
				java.util.Map.entry(AccessToken2.PrivilegeChat.PRIVILEGE_CHAT_APP.intValue, 86400));
		assertThat(resign(parsed)).isEqualTo(token);
	}

	@Test
	void requestWhenUserRouteThenUserTokenForCallerSubjectSignedWithCertificate() throws Exception {
		String token = send("/chat-service/messages");

		AccessToken2 parsed = new AccessToken2();
		assertThat(parsed.parse(token)).isTrue();
		assertThat(parsed.expire).isEqualTo(3600);
		AccessToken2.ServiceChat chat = (AccessToken2.ServiceChat) parsed.services.get(AccessToken2.SERVICE_TYPE_CHAT);
		assertThat(chat.getUserId()).isEqualTo("2882341273");
		assertThat(chat.getPrivileges()).containsExactly(
				java.util.Map.entry(AccessToken2.PrivilegeChat.PRIVILEGE_CHAT_USER.intValue, 3600));
		assertThat(resign(parsed)).isEqualTo(token);
	}

}
