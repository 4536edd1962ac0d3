package io.tokengate.tests.upstream;

import java.util.EnumSet;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tokengate.app.TokengateApplication;
import io.tokengate.authn.ApiKey;
import io.tokengate.authn.ApiKeyValidator;
import io.tokengate.authn.Identity;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.DefaultCredentialResolver;
import io.tokengate.credential.InstallTokenNames;
import io.tokengate.credential.TokenError;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.InboundPolicy;
import io.tokengate.gateway.UpstreamCredentials;
import io.tokengate.tests.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/contextual.yml} against a stub shaped like Contextual: the dashboard key as
 * {@code Authorization: Token}, and install tokens from {@code GET /v3/users/token?installid=}
 * sent as {@code ?installid=...&token=...}, one hour by default.
 * <p>
 * The device policy of the example validates install tokens by introspection; here a test
 * policy of the same name stands in for it, accepting one known device token.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.import=file:../config/contextual.yml",
				"CONTEXTUAL_API_KEY=9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
				"CONTEXTUAL_PARTNER_KEY_SHA256=" + ProviderRequests.CALLER_KEY_SHA256,
				"INTROSPECTION_URI=http://127.0.0.1:9/introspect", "INTROSPECTION_SECRET=unused" })
@Import({ UpstreamTestConfiguration.class, ContextualExampleTests.DevicePolicies.class })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ContextualExampleTests {

	static final String INSTALL_ID = "c12b156b-8592-4545-989b-4468a3936983";

	static final WireMockServer contextual = WireMockStub.start();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("CONTEXTUAL_API_URI", contextual::baseUrl);
	}

	@AfterAll
	static void stop() {
		contextual.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	UpstreamCredentials credentials;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		contextual.resetAll();
		contextual.stubFor(get(urlPathEqualTo("/v3/tooltips")).willReturn(okJson("[]")));
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void requestWhenPartnerRouteThenDashboardKeyWithTokenScheme() {
		this.client.get()
			.uri("/contextual/v3/tooltips?app_key=demo2278440")
			.header(HttpHeaders.AUTHORIZATION, "Token " + ProviderRequests.CALLER_KEY)
			.exchange()
			.expectStatus()
			.isOk();

		LoggedRequest api = WireMockStub.received(contextual, "/v3/tooltips").get(0);
		assertThat(api.getUrl()).isEqualTo("/v3/tooltips?app_key=demo2278440");
		assertThat(api.getHeaders().getHeader("Authorization").values())
			.containsExactly("Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b");
	}

	@Test
	void requestWhenDeviceRouteThenInstallTokenFetchedWithKeyAndSentAsQueryParameters() {
		contextual.stubFor(get(urlPathEqualTo("/v3/users/token"))
			.willReturn(okJson("{\"token\":\"52b29f04992fe340912d273be198f533159f0368\"}")));

		this.client.get()
			.uri("/v3/tooltips?installid=" + INSTALL_ID + "&token=device-token-1&lang=en")
			.exchange()
			.expectStatus()
			.isOk();

		LoggedRequest tokenRequest = WireMockStub.received(contextual, "/v3/users/token").get(0);
		assertThat(tokenRequest.getMethod().getName()).isEqualTo("GET");
		assertThat(tokenRequest.getUrl()).isEqualTo("/v3/users/token?installid=" + INSTALL_ID);
		assertThat(tokenRequest.getHeader("Authorization")).isEqualTo("Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b");
		assertThat(tokenRequest.getBody()).isEmpty();

		LoggedRequest api = WireMockStub.received(contextual, "/v3/tooltips").get(0);
		assertThat(api.getUrl())
			.isEqualTo("/v3/tooltips?lang=en&installid=" + INSTALL_ID + "&token=52b29f04992fe340912d273be198f533159f0368");
		assertThat(api.getHeader("Authorization")).isNull();

		// one hour by default: Contextual's answer carries no expiry
		assertThat(this.credentials.find("contextual-install").orElseThrow().cache().snapshot().partitions().get(0)
			.expiresAt()).isEqualTo(MovableClock.START.plusSeconds(3600));
	}

	/** The example's two policies, the device one accepting a single known install token. */
	@TestConfiguration(proxyBeanMethods = false)
	static class DevicePolicies {

		@Bean
		InboundPolicies contextualPolicies() {
			EnumSet<CredentialScheme> token = EnumSet.of(CredentialScheme.TOKEN);
			InboundPolicy partners = InboundPolicy.builder("contextual-partners")
				.accepted(token)
				.resolver(new DefaultCredentialResolver(token, InstallTokenNames.DEFAULTS, 4096))
				.validator(new ApiKeyValidator(List.of(new ApiKey(ProviderRequests.CALLER_KEY_SHA256,
						"contextual-partner", null, List.of()))))
				.build();
			EnumSet<CredentialScheme> install = EnumSet.of(CredentialScheme.INSTALL);
			InboundPolicy devices = InboundPolicy.builder("contextual-devices")
				.accepted(install)
				.resolver(new DefaultCredentialResolver(install, InstallTokenNames.DEFAULTS, 4096))
				.validator((credential) -> "device-token-1".equals(credential.value())
						? Mono.just(new Identity("device-owner", null, List.of(), null, null, null))
						: Mono.error(TokenError.invalidToken(CredentialScheme.INSTALL, "Unknown install token")
							.toException()))
				.build();
			return new InboundPolicies(List.of(partners, devices));
		}

	}

}
