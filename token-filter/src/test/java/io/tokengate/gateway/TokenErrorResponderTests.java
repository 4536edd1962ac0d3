package io.tokengate.gateway;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenErrorResponderTests {

	private final TokenErrorResponder responder = new TokenErrorResponder();

	@Test
	void writeWhenMissingThenOneBareChallengePerSchemeAndProblemBody() {
		MockServerWebExchange exchange = write(TokenError.missing(), EnumSet.allOf(CredentialScheme.class));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly(
				"Bearer realm=\"partners\"", "Token realm=\"partners\"", "InstallToken realm=\"partners\"");
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(exchange.getResponse().getHeaders().getCacheControl()).isEqualTo("no-store");
		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo(
				"{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"A credential is required\"}");
	}

	@Test
	void writeWhenInvalidTokenThenErrorOnlyOnTheSchemeUsed() {
		MockServerWebExchange exchange = write(TokenError.invalidToken(CredentialScheme.TOKEN, "Unknown API key"),
				EnumSet.of(CredentialScheme.BEARER, CredentialScheme.TOKEN));
		assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly(
				"Bearer realm=\"partners\"",
				"Token realm=\"partners\", error=\"invalid_token\", error_description=\"Unknown API key\"");
		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo(
				"{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Unknown API key\",\"error\":\"invalid_token\"}");
	}

	@Test
	void writeWhenInvalidRequestThenBadRequestWithErrorOnEveryChallenge() {
		MockServerWebExchange exchange = write(TokenError.invalidRequest("The request carries more than one credential"),
				EnumSet.of(CredentialScheme.BEARER, CredentialScheme.INSTALL));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly(
				"Bearer realm=\"partners\", error=\"invalid_request\", error_description=\"The request carries more than one credential\"",
				"InstallToken realm=\"partners\", error=\"invalid_request\", error_description=\"The request carries more than one credential\"");
	}

	@Test
	void writeWhenInsufficientScopeThenForbiddenWithScope() {
		MockServerWebExchange exchange = write(
				TokenError.insufficientScope(CredentialScheme.BEARER, List.of("orders.read", "orders.write")),
				EnumSet.of(CredentialScheme.BEARER));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(
				"Bearer realm=\"partners\", error=\"insufficient_scope\", error_description=\"The credential lacks a required scope\", scope=\"orders.read orders.write\"");
	}

	@Test
	void writeWhenUnavailableThenRetryAfterAndNoChallenge() {
		MockServerWebExchange exchange = write(
				TokenError.unavailable("The identity provider did not answer", Duration.ofSeconds(7)),
				EnumSet.of(CredentialScheme.BEARER));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
		assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"status\":503")
			.contains("\"error\":\"temporarily_unavailable\"");
	}

	@Test
	void writeWhenUnavailableWithSubSecondRetryThenAtLeastOneSecond() {
		MockServerWebExchange exchange = write(TokenError.unavailable("down", Duration.ofMillis(10)),
				EnumSet.of(CredentialScheme.BEARER));
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
	}

	@Test
	void tokenErrorWhenDescriptionHasQuoteOrControlThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenError.invalidRequest("bad \"quote\""));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenError.invalidRequest("line\r\nbreak"));
	}

	@Test
	void challengeWhenRealmHasQuoteThenEscaped() {
		assertThat(TokenErrorResponder.challenge(CredentialScheme.BEARER, "a\"b", TokenError.missing()))
			.isEqualTo("Bearer realm=\"a\\\"b\"");
	}

	private MockServerWebExchange write(TokenError error, EnumSet<CredentialScheme> accepted) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		this.responder.write(exchange, "partners", accepted, error).block();
		return exchange;
	}

}
