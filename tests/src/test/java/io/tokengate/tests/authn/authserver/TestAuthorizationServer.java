package io.tokengate.tests.authn.authserver;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * A real Spring Authorization Server for the authn tests, configured only by
 * {@code authorization-server.yml} (Spring Boot's authorization server properties): a servlet
 * application of its own on 127.0.0.1 and a random port, in the same JVM as the gateway.
 * Its issuer is its own base URL.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestAuthorizationServer implements AutoCloseable {

	private ConfigurableApplicationContext context;

	private String url;

	/** Starts a server; close it when done. */
	public static TestAuthorizationServer start() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestAuthorizationServer.class)
			.web(WebApplicationType.SERVLET)
			.run("--spring.config.name=authorization-server", "--server.port=0", "--server.address=127.0.0.1");
		TestAuthorizationServer server = context.getBean(TestAuthorizationServer.class);
		server.context = context;
		server.url = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
		return server;
	}

	public String url() {
		return this.url;
	}

	/** A client-credentials access token for the client, with scope {@code orders.read}. */
	public String accessToken(String clientId, String clientSecret) {
		Map<?, ?> response = client().post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(clientId, clientSecret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "client_credentials").with("scope", "orders.read"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) response.get("access_token");
	}

	/** Revokes a token at the server's revocation endpoint (RFC 7009). */
	public void revoke(String token, String clientId, String clientSecret) {
		client().post()
			.uri("/oauth2/revoke")
			.headers((headers) -> headers.setBasicAuth(clientId, clientSecret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("token", token).with("token_type_hint", "access_token"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl(this.url).build();
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
