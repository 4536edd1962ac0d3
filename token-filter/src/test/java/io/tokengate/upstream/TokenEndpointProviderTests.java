package io.tokengate.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.tokengate.support.TestClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact request each credential type sends, captured at the {@code ExchangeFunction}.
 */
class TokenEndpointProviderTests {

	private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	private final TestClock clock = new TestClock(NOW);

	private final AtomicReference<ClientRequest> sent = new AtomicReference<>();

	private final AtomicReference<String> sentBody = new AtomicReference<>();

	private WebClient answering(HttpStatus status, String json) {
		return WebClient.builder().exchangeFunction((request) -> {
			this.sent.set(request);
			MockClientHttpRequest mock = new MockClientHttpRequest(request.method(), request.url());
			return request.writeTo(mock, ExchangeStrategies.withDefaults())
				.then(Mono.defer(() -> mock.getBodyAsString().defaultIfEmpty("")))
				.doOnNext(this.sentBody::set)
				.then(Mono.just(ClientResponse.create(status)
					.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
					.body(json)
					.build()));
		}).build();
	}

	@Test
	void fetchWhenAloShapedThenPostsJsonWithDeveloperKeyAndReadsJwtExp() throws Exception {
		String jwt = TokenResponseReaderTests.jwt(NOW.plusSeconds(3600));
		TokenRequestTemplate request = new TokenRequestTemplate(HttpMethod.POST, "https://auth.alo.example/v1/auth",
				Map.of("Authorization", "Bearer dev-key"), "{\"ttl\": 60, \"user\": {\"id\": \"{subject}\"}}",
				MediaType.APPLICATION_JSON);
		TokenEndpointProvider provider = new TokenEndpointProvider(answering(HttpStatus.OK, "{\"token\":\"" + jwt + "\"}"),
				request, new TokenResponseReader("/token", null, null, java.time.Duration.ofHours(1)), this.clock);

		UpstreamToken token = provider.fetch(Partition.of(PartitionType.SUBJECT, "A744d43X")).block();

		assertThat(token.value()).isEqualTo(jwt);
		assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
		ClientRequest sent = this.sent.get();
		assertThat(sent.method()).isEqualTo(HttpMethod.POST);
		assertThat(sent.url().toString()).isEqualTo("https://auth.alo.example/v1/auth");
		assertThat(sent.headers().getFirst("Authorization")).isEqualTo("Bearer dev-key");
		assertThat(sent.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(sent.headers().getAccept()).containsExactly(MediaType.APPLICATION_JSON);
		assertThat(this.sentBody.get()).isEqualTo("{\"ttl\": 60, \"user\": {\"id\": \"A744d43X\"}}");
	}

	@Test
	void fetchWhenErrorStatusThenFailsWithStatusOnly() {
		TokenRequestTemplate request = new TokenRequestTemplate(HttpMethod.GET, "https://x.example/?key=secret",
				Map.of(), null, null);
		TokenEndpointProvider provider = new TokenEndpointProvider(
				answering(HttpStatus.INTERNAL_SERVER_ERROR, "{\"error\":\"secret detail\"}"), request,
				new TokenResponseReader("/token", null, null, java.time.Duration.ofHours(1)), this.clock);
		StepVerifier.create(provider.fetch(Partition.NONE))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(UpstreamFetchException.class)
				.hasMessage("the token endpoint answered 500"))
			.verify();
	}

	@Test
	void fetchWhenOAuth2PostThenFormWithGrantAndClientCredentials() {
		OAuth2ClientCredentialsProvider provider = OAuth2ClientCredentialsProvider
			.builder(answering(HttpStatus.OK, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":86400}"),
					this.clock)
			.tokenUri("https://api.aluma.example/oauth/token")
			.clientId("client 1")
			.clientSecret("s&cret{subject}")
			.build();

		UpstreamToken token = provider.fetch(Partition.NONE).block();

		assertThat(token.value()).isEqualTo("at-1");
		assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(86400));
		ClientRequest sent = this.sent.get();
		assertThat(sent.method()).isEqualTo(HttpMethod.POST);
		assertThat(sent.url().toString()).isEqualTo("https://api.aluma.example/oauth/token");
		assertThat(sent.headers().getContentType()).isEqualTo(MediaType.APPLICATION_FORM_URLENCODED);
		assertThat(sent.headers().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
		assertThat(this.sentBody.get())
			.isEqualTo("grant_type=client_credentials&client_id=client+1&client_secret=s%26cret%7Bsubject%7D");
	}

	@Test
	void fetchWhenOAuth2BasicWithScopeAndAudienceThenHeaderAndForm() {
		OAuth2ClientCredentialsProvider provider = OAuth2ClientCredentialsProvider
			.builder(answering(HttpStatus.OK, "{\"access_token\":\"at-1\"}"), this.clock)
			.tokenUri("https://idp.example/token")
			.clientId("id:1")
			.clientSecret("p@ss")
			.basicAuthentication(true)
			.scope("read write")
			.audience("https://api.example")
			.defaultTtl(java.time.Duration.ofMinutes(7))
			.build();

		UpstreamToken token = provider.fetch(Partition.NONE).block();

		assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(420));
		// RFC 6749 §2.3.1: both parts form-encoded before Base64
		String expected = java.util.Base64.getEncoder()
			.encodeToString("id%3A1:p%40ss".getBytes(StandardCharsets.UTF_8));
		assertThat(this.sent.get().headers().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Basic " + expected);
		assertThat(this.sentBody.get())
			.isEqualTo("grant_type=client_credentials&scope=read+write&audience=https%3A%2F%2Fapi.example");
	}

}
