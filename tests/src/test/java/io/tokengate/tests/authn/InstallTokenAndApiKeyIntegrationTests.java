package io.tokengate.tests.authn;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.tests.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Install tokens and {@code Token}-scheme keys validated by introspection: the install id must
 * be the one the IdP names, and configured API keys are tried before the IdP is asked.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("authn-introspection")
@Import(TestClockConfiguration.class)
@DirtiesContext
class InstallTokenAndApiKeyIntegrationTests {

	private static final TestIdp idp = TestIdp.start();

	@LocalServerPort
	private int port;

	@Autowired
	private MovableClock clock;

	private WebTestClient client;

	private String token;

	@DynamicPropertySource
	static void idpUrl(DynamicPropertyRegistry registry) {
		registry.add("test.idp.url", idp::url);
	}

	@AfterAll
	static void stopIdp() {
		idp.stop();
	}

	@BeforeEach
	void setUp() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		TestIdp.warmUpOnce(idp, this.client);
		idp.reset();
		this.token = "install-" + UUID.randomUUID();
	}

	private String activeForInstall(String installId) {
		return "{\"active\":true,\"sub\":\"alice\",\"client_id\":\"contextual-app\",\"scope\":\"orders.read\","
				+ "\"installid\":\"" + installId + "\",\"exp\":" + this.clock.instant().plus(Duration.ofHours(1)).getEpochSecond()
				+ "}";
	}

	@Test
	void installTokenWithWrongInstallIdThen401InvalidToken() {
		idp.introspection("/introspect", this.token, activeForInstall("install-1"));
		this.client.get()
			.uri("/api/orders?installid=install-2&token=" + this.token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"partners\"", "Token realm=\"partners\"",
					"InstallToken realm=\"partners\", error=\"invalid_token\", "
							+ "error_description=\"The token does not belong to this install id\"")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"The token does not belong to this install id\",\"error\":\"invalid_token\"}");
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(1);
		assertThat(idp.upstreamRequests()).isEmpty();
	}

	@Test
	void installTokenWithRightInstallIdInQueryThenIdentityHeadersCarryItAndCredentialIsStripped() {
		idp.introspection("/introspect", this.token, activeForInstall("install-1"));
		this.client.get()
			.uri("/api/orders?page=2&installid=install-1&token=" + this.token)
			.header("X-Auth-Install-Id", "spoofed")
			.exchange()
			.expectStatus()
			.isOk();
		List<LoggedRequest> forwarded = idp.upstreamRequests();
		assertThat(forwarded).hasSize(1);
		assertThat(forwarded.get(0).getUrl()).isEqualTo("/api/orders?page=2");
		assertThat(forwarded.get(0).getHeaders().getHeader("X-Auth-Install-Id").values()).containsExactly("install-1");
		assertThat(forwarded.get(0).getHeader("X-Auth-Subject")).isEqualTo("alice");
		assertThat(forwarded.get(0).getHeader("X-Auth-App")).isEqualTo("contextual-app");
	}

	@Test
	void installTokenInHeadersThenHeadersAreStrippedAndAnswerIsCachedPerInstallId() {
		idp.introspection("/introspect", this.token, activeForInstall("install-1"));
		for (int i = 0; i < 2; i++) {
			this.client.get()
				.uri("/api/orders")
				.header("X-Install-Token", this.token)
				.header("X-Install-Id", "install-1")
				.exchange()
				.expectStatus()
				.isOk();
		}
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(1);
		LoggedRequest forwarded = idp.upstreamRequests().get(0);
		assertThat(forwarded.containsHeader("X-Install-Token")).isFalse();
		assertThat(forwarded.containsHeader("X-Install-Id")).isFalse();
		assertThat(forwarded.getHeader("X-Auth-Install-Id")).isEqualTo("install-1");
	}

	@Test
	void configuredApiKeyThenAcceptedWithoutIntrospection() {
		this.client.get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token configured-key-1")
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(idp.introspections("/introspect")).isZero();
		assertThat(idp.upstreamRequests().get(0).getHeader("X-Auth-Subject")).isEqualTo("key-owner");
	}

	@Test
	void unknownApiKeyThenIntrospectedOnceAndCached() {
		idp.introspection("/introspect", this.token, "{\"active\":true,\"sub\":\"bob\",\"exp\":"
				+ this.clock.instant().plus(Duration.ofHours(1)).getEpochSecond() + "}");
		for (int i = 0; i < 2; i++) {
			this.client.get()
				.uri("/api/orders")
				.header(HttpHeaders.AUTHORIZATION, "Token " + this.token)
				.exchange()
				.expectStatus()
				.isOk();
		}
		assertThat(idp.introspections("/introspect", this.token)).isEqualTo(1);
		assertThat(idp.upstreamRequests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.getHeader("X-Auth-Subject")).isEqualTo("bob"));
	}

	@Test
	void unknownApiKeyThatIsInactiveThen401OnTheTokenChallenge() {
		idp.introspection("/introspect", this.token, "{\"active\":false}");
		this.client.get()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Token " + this.token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"partners\"",
					"Token realm=\"partners\", error=\"invalid_token\", error_description=\"The token is not active\"",
					"InstallToken realm=\"partners\"");
		assertThat(idp.upstreamRequests()).isEmpty();
	}

}
