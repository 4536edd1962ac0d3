package io.tokengate.observe;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.tokengate.config.InboundPolicyProperties;
import io.tokengate.config.IntrospectionProperties;
import io.tokengate.config.JwtProperties;
import io.tokengate.config.TokenGateProperties;
import io.tokengate.config.UpstreamCredentialProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointReachabilityTests {

	private static final URI URI_ = URI.create("https://user:pw@idp.example:8443/oauth/introspect?key=secret");

	private ClientRequest sent;

	private Health check(Mono<ClientResponse> answer, Duration timeout) {
		WebClient webClient = WebClient.builder().exchangeFunction((request) -> {
			this.sent = request;
			return answer;
		}).build();
		return new EndpointReachability(webClient, URI_, timeout).health().block(Duration.ofSeconds(5));
	}

	@Test
	void anyAnswerBelow500IsUpAndTheUriIsShownWithoutUserInfoOrQuery() {
		Health health = check(Mono.just(ClientResponse.create(HttpStatus.METHOD_NOT_ALLOWED).build()),
				Duration.ofSeconds(2));
		assertThat(this.sent.method()).isEqualTo(HttpMethod.HEAD);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).isEqualTo(
				Map.of("uri", "https://idp.example:8443/oauth/introspect", "status", 405));
	}

	@Test
	void serverErrorIsUnreachableNotDown() {
		Health health = check(Mono.just(ClientResponse.create(HttpStatus.SERVICE_UNAVAILABLE).build()),
				Duration.ofSeconds(2));
		assertThat(health.getStatus()).isEqualTo(EndpointReachability.UNREACHABLE);
		assertThat(health.getStatus().getCode()).isEqualTo("UNREACHABLE");
		assertThat(health.getDetails()).containsEntry("status", 503);
	}

	@Test
	void connectionFailureAndTimeoutAreUnreachable() {
		assertThat(check(Mono.error(new ConnectException("refused")), Duration.ofSeconds(2)).getDetails())
			.containsEntry("error", "ConnectException");
		Health slow = check(Mono.never(), Duration.ofMillis(50));
		assertThat(slow.getStatus()).isEqualTo(EndpointReachability.UNREACHABLE);
		assertThat(slow.getDetails()).containsEntry("error", "no answer within PT0.05S");
	}

	@Test
	void targetsAreEveryIntrospectionJwkSetAndTokenEndpoint() {
		TokenGateProperties properties = new TokenGateProperties();
		InboundPolicyProperties partners = new InboundPolicyProperties();
		partners.setIntrospection(new IntrospectionProperties());
		partners.getIntrospection().setUri("http://idp/introspect");
		partners.setJwt(new JwtProperties());
		partners.getJwt().setJwkSetUri("http://idp/jwks.json");
		properties.getInbound().put("partners", partners);
		properties.getInbound().put("keys", new InboundPolicyProperties());
		UpstreamCredentialProperties aluma = new UpstreamCredentialProperties();
		aluma.setType("oauth2-client-credentials");
		aluma.setTokenUri("https://auth.example/oauth/token");
		UpstreamCredentialProperties alo = new UpstreamCredentialProperties();
		alo.setType("token-endpoint");
		alo.getRequest().setUri("https://alo.example:9443/v1/users/{subject}/token");
		UpstreamCredentialProperties agora = new UpstreamCredentialProperties();
		agora.setType("agora-chat");
		properties.getUpstream().putAll(Map.of("aluma", aluma));
		properties.getUpstream().put("alo", alo);
		properties.getUpstream().put("agora", agora);
		assertThat(ReachabilityTargets.of(properties)).containsExactly(
				Map.entry("partners-introspection", URI.create("http://idp/introspect")),
				Map.entry("partners-jwk-set", URI.create("http://idp/jwks.json")),
				Map.entry("aluma-token-endpoint", URI.create("https://auth.example/oauth/token")),
				Map.entry("alo-token-endpoint", URI.create("https://alo.example:9443/")));
	}

	@Test
	void healthTimeoutMustBePositive() {
		TokenGateProperties properties = new TokenGateProperties();
		assertThat(ObserveAutoConfiguration.Reachability.timeout(properties)).isEqualTo(Duration.ofSeconds(2));
		properties.getHealth().setTimeout(Duration.ZERO);
		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(io.tokengate.config.TokenGateConfigurationException.class)
			.isThrownBy(() -> ObserveAutoConfiguration.Reachability.timeout(properties))
			.withMessage("tokengate.health.timeout: must be positive, was PT0S");
	}

}
