package io.tokengate.authn;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tokengate.credential.TokenError;
import io.tokengate.credential.TokenErrorCode;
import io.tokengate.credential.TokenErrorException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class WebClientTokenIntrospectorTests {

	private static final URI URI_ = URI.create("http://idp.example/introspect");

	private final List<ClientRequest> requests = new ArrayList<>();

	private WebClientTokenIntrospector.Builder introspector(Mono<ClientResponse> response) {
		WebClient webClient = WebClient.builder().exchangeFunction((request) -> {
			this.requests.add(request);
			return response;
		}).build();
		return WebClientTokenIntrospector.builder(URI_, "gate way", "s3cr:t&")
			.timeout(Duration.ofSeconds(2))
			.retryAfter(Duration.ofSeconds(7))
			.webClient(webClient);
	}

	private static Mono<ClientResponse> json(HttpStatus status, String body) {
		return Mono.just(
				ClientResponse.create(status).header(HttpHeaders.CONTENT_TYPE, "application/json").body(body).build());
	}

	@Test
	void introspectWhenClientSecretBasicThenFormEncodedCredentialsInAuthorization() {
		WebClientTokenIntrospector introspector = introspector(json(HttpStatus.OK, "{\"active\":false}")).build();
		StepVerifier.create(introspector.introspect("opaque-1"))
			.assertNext((answer) -> assertThat(answer.active()).isFalse())
			.verifyComplete();
		ClientRequest request = this.requests.get(0);
		assertThat(request.method()).isEqualTo(HttpMethod.POST);
		assertThat(request.url()).isEqualTo(URI_);
		// RFC 6749 section 2.3.1: id and secret are form-urlencoded before Base64
		String expected = Base64.getEncoder()
			.encodeToString("gate+way:s3cr%3At%26".getBytes(StandardCharsets.UTF_8));
		assertThat(request.headers().get(HttpHeaders.AUTHORIZATION)).containsExactly("Basic " + expected);
		assertThat(request.headers().getFirst(HttpHeaders.CONTENT_TYPE)).startsWith("application/x-www-form-urlencoded");
		assertThat(bodyOf(request)).isEqualTo("token=opaque-1&token_type_hint=access_token");
	}

	@Test
	void introspectWhenClientSecretPostThenCredentialsInBody() {
		WebClientTokenIntrospector introspector = introspector(json(HttpStatus.OK, "{\"active\":false}"))
			.clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
			.build();
		introspector.introspect("opaque-1").block();
		ClientRequest request = this.requests.get(0);
		assertThat(request.headers().get(HttpHeaders.AUTHORIZATION)).isNull();
		assertThat(bodyOf(request)).isEqualTo(
				"token=opaque-1&token_type_hint=access_token&client_id=gate+way&client_secret=s3cr%3At%26");
	}

	@Test
	void introspectWhenActiveThenReadsMembers() {
		String body = """
				{"active":true,"sub":"alice","client_id":"app-7","username":"al","scope":"a b",
				 "exp":1893456000,"iat":1893452400,"aud":["x","y"],"installid":"i-1","extra":{"k":1}}""";
		StepVerifier.create(introspector(json(HttpStatus.OK, body)).build().introspect("opaque-1"))
			.assertNext((answer) -> {
				assertThat(answer.active()).isTrue();
				assertThat(answer.subject()).isEqualTo("alice");
				assertThat(answer.clientId()).isEqualTo("app-7");
				assertThat(answer.username()).isEqualTo("al");
				assertThat(answer.scopes()).containsExactly("a", "b");
				assertThat(answer.expiresAt()).isEqualTo(Instant.ofEpochSecond(1893456000));
				assertThat(answer.issuedAt()).isEqualTo(Instant.ofEpochSecond(1893452400));
				assertThat(answer.audiences()).containsExactly("x", "y");
				assertThat(answer.claims()).containsOnlyKeys("installid", "extra");
			})
			.verifyComplete();
	}

	@Test
	void introspectWhenServerErrorThenUnavailableWithRetryAfter() {
		assertUnavailable(introspector(json(HttpStatus.INTERNAL_SERVER_ERROR, "{\"active\":true}")).build());
	}

	@Test
	void introspectWhenUnauthorizedThenUnavailableNotInvalidToken() {
		// the gateway's own credentials were refused: the caller's token was never judged
		assertUnavailable(introspector(json(HttpStatus.UNAUTHORIZED, "")).build());
	}

	@Test
	void introspectWhenBodyIsNotJsonThenUnavailable() {
		assertUnavailable(introspector(json(HttpStatus.OK, "<html>oops</html>")).build());
	}

	@Test
	void introspectWhenBodyIsEmptyThenUnavailable() {
		assertUnavailable(introspector(json(HttpStatus.OK, "")).build());
	}

	@Test
	void introspectWhenActiveIsNotBooleanThenUnavailable() {
		assertUnavailable(introspector(json(HttpStatus.OK, "{\"active\":\"true\"}")).build());
	}

	@Test
	void introspectWhenJsonArrayThenUnavailable() {
		assertUnavailable(introspector(json(HttpStatus.OK, "[true]")).build());
	}

	@Test
	void introspectWhenConnectionFailsThenUnavailable() {
		assertUnavailable(introspector(Mono.error(new IllegalStateException("connection refused"))).build());
	}

	@Test
	void introspectWhenNoAnswerWithinTimeoutThenUnavailable() {
		WebClientTokenIntrospector introspector = introspector(Mono.never()).timeout(Duration.ofMillis(50)).build();
		StepVerifier.create(introspector.introspect("opaque-1"))
			.expectErrorSatisfies(WebClientTokenIntrospectorTests::isUnavailable)
			.verify(Duration.ofSeconds(5));
	}

	private static void assertUnavailable(WebClientTokenIntrospector introspector) {
		StepVerifier.create(introspector.introspect("opaque-1"))
			.expectErrorSatisfies(WebClientTokenIntrospectorTests::isUnavailable)
			.verify();
	}

	private static void isUnavailable(Throwable ex) {
		assertThat(ex).isInstanceOf(TokenErrorException.class);
		TokenError error = ((TokenErrorException) ex).error();
		assertThat(error.code()).isEqualTo(TokenErrorCode.TEMPORARILY_UNAVAILABLE);
		assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		assertThat(error.description()).isEqualTo("The token could not be checked");
	}

	private static String bodyOf(ClientRequest request) {
		MockClientHttpRequest written = new MockClientHttpRequest(request.method(), request.url());
		request.body().insert(written, new BodyInserter.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return ExchangeStrategies.withDefaults().messageWriters();
			}

			@Override
			public Optional<ServerHttpRequest> serverRequest() {
				return Optional.empty();
			}

			@Override
			public Map<String, Object> hints() {
				return Map.of();
			}

		}).block();
		return written.getBodyAsString().block();
	}

	@Test
	void introspectTellsTheListenerOfEachCallWithPolicyKindAndOutcome() {
		List<IdpCall> calls = new ArrayList<>();
		introspector(json(HttpStatus.OK, "{\"active\":false}")).listener(calls::add, "partners")
			.build()
			.introspect("opaque-1")
			.block();
		introspector(json(HttpStatus.BAD_GATEWAY, "{}")).listener(calls::add, "partners")
			.build()
			.introspect("opaque-1")
			.onErrorResume((ex) -> Mono.empty())
			.block();
		assertThat(calls).extracting(IdpCall::policy, IdpCall::kind, IdpCall::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("partners", IdpCall.Kind.INTROSPECTION, "success"),
					org.assertj.core.groups.Tuple.tuple("partners", IdpCall.Kind.INTROSPECTION, "failure"));
		assertThat(calls).allSatisfy((call) -> assertThat(call.duration().isNegative()).isFalse());
	}

}
