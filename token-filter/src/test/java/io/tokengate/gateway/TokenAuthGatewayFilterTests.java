package io.tokengate.gateway;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.tokengate.authn.ApiKey;
import io.tokengate.authn.ApiKeyValidator;
import io.tokengate.authn.Identity;
import io.tokengate.authn.SchemeDispatchingValidator;
import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.DefaultCredentialResolver;
import io.tokengate.credential.InstallTokenNames;
import io.tokengate.credential.Sha256;
import io.tokengate.credential.TokenError;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenAuthGatewayFilterTests {

	private static final Set<CredentialScheme> ALL = EnumSet.allOf(CredentialScheme.class);

	private final RecordingChain chain = new RecordingChain();

	@Test
	void filterWhenValidKeyThenForwardsWithoutCredentialAndWithTrustedIdentity() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/orders?b=2&a=%20x"))
			.header("Authorization", "Token key-one")
			.header("X-Auth-Subject", "mallory")
			.header("x-auth-scopes", "admin")
			.header("X-Auth-Install-Id", "spoofed")
			.header("X-Other", "kept"));
		filter(policy(Set.of(CredentialScheme.TOKEN), List.of("orders.read")), exchange);

		ServerHttpRequest forwarded = this.chain.request();
		assertThat(forwarded).isNotNull();
		HttpHeaders headers = forwarded.getHeaders();
		assertThat(headers.get(HttpHeaders.AUTHORIZATION)).isNull();
		assertThat(headers.get("X-Auth-Subject")).containsExactly("alice");
		assertThat(headers.get("X-Auth-App")).containsExactly("app-7");
		assertThat(headers.get("X-Auth-Scopes")).containsExactly("orders.read orders.write");
		assertThat(headers.get("X-Auth-Install-Id")).isNull();
		assertThat(headers.get("X-Other")).containsExactly("kept");
		assertThat(forwarded.getURI().getRawQuery()).isEqualTo("b=2&a=%20x");
		assertThat(this.chain.exchange().<Identity>getAttribute(TokenGateAttributes.IDENTITY).subject())
			.isEqualTo("alice");
		assertThat(this.chain.exchange().<String>getAttribute(TokenGateAttributes.POLICY)).isEqualTo("partners");
	}

	@Test
	void filterWhenInstallTokenThenRemovesItsParametersKeepsOthersInOrderAndSetsInstallId() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest
			.method(HttpMethod.GET, URI.create("/tooltips?z=1&installid=i-9&a=%2F&token=tok&m=3")));
		filter(policyValidating(ALL, List.of(), (credential) -> Mono.just(identity("svc", List.of()))), exchange);

		ServerHttpRequest forwarded = this.chain.request();
		assertThat(forwarded.getURI().getRawQuery()).isEqualTo("z=1&a=%2F&m=3");
		assertThat(forwarded.getURI().getRawPath()).isEqualTo("/tooltips");
		assertThat(forwarded.getHeaders().get("X-Auth-Install-Id")).containsExactly("i-9");
	}

	@Test
	void filterWhenInstallHeadersThenRemovesThem() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/t")
			.header("X-Install-Token", "tok")
			.header("X-Install-Id", "i-9"));
		filter(policyValidating(ALL, List.of(), (credential) -> Mono.just(identity("svc", List.of()))), exchange);

		HttpHeaders headers = this.chain.request().getHeaders();
		assertThat(headers.get("X-Install-Token")).isNull();
		assertThat(headers.get("X-Install-Id")).isNull();
		assertThat(headers.get("X-Auth-Install-Id")).containsExactly("i-9");
	}

	@Test
	void filterWhenInstallNotAcceptedThenTokenParameterIsNotTouched() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest
			.method(HttpMethod.GET, URI.create("/x?token=upstream-param&installid=i"))
			.header("Authorization", "Token key-one"));
		filter(policy(Set.of(CredentialScheme.TOKEN), List.of()), exchange);
		assertThat(this.chain.request().getURI().getRawQuery()).isEqualTo("token=upstream-param&installid=i");
	}

	@Test
	void filterWhenNoCredentialThenUnauthorizedAndNothingForwarded() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/orders"));
		filter(policy(Set.of(CredentialScheme.TOKEN), List.of()), exchange);
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
			.containsExactly("Token realm=\"partners\"");
	}

	@Test
	void filterWhenUnknownKeyThenInvalidTokenAndBodyDoesNotEchoTheKey() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Token not-a-key-123"));
		filter(policy(Set.of(CredentialScheme.TOKEN), List.of()), exchange);
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Token realm=\"partners\", error=\"invalid_token\", error_description=\"Unknown API key\"");
		assertThat(exchange.getResponse().getBodyAsString().block()).doesNotContain("not-a-key-123");
	}

	@Test
	void filterWhenTwoCredentialsThenInvalidRequest() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest
			.method(HttpMethod.GET, URI.create("/x?token=t&installid=i"))
			.header("Authorization", "Token key-one"));
		filter(policyValidating(ALL, List.of(), (credential) -> Mono.just(identity("svc", List.of()))), exchange);
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void filterWhenScopeMissingThenForbidden() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Token key-two"));
		filter(policy(Set.of(CredentialScheme.TOKEN), List.of("orders.read")), exchange);
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains(
				"error=\"insufficient_scope\"", "scope=\"orders.read\"");
	}

	@Test
	void filterWhenValidatorUnavailableThenServiceUnavailableWithRetryAfter() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Bearer abc"));
		filter(policyValidating(Set.of(CredentialScheme.BEARER), List.of(),
				(credential) -> Mono.error(TokenError.unavailable("The identity provider did not answer",
						java.time.Duration.ofSeconds(5)).toException())),
				exchange);
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
	}

	@Test
	void filterWhenIdentityHasLineBreakThenRefusedNotForwarded() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Bearer abc"));
		filter(policyValidating(Set.of(CredentialScheme.BEARER), List.of(),
				(credential) -> Mono.just(identity("eve\r\nX-Admin: true", List.of()))), exchange);
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void filterWhenDownstreamFailsThenErrorIsNotTurnedIntoADenial() {
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Token key-one"));
		GatewayFilter filter = new TokenAuthGatewayFilterFactory(
				new InboundPolicies(List.of(policy(Set.of(CredentialScheme.TOKEN), List.of()))), new TokenErrorResponder())
			.apply(new TokenAuthGatewayFilterFactory.Config().setPolicy("partners"));
		IllegalStateException failure = new IllegalStateException("upstream broke");
		Mono<Void> result = filter.filter(exchange, (forwarded) -> Mono.error(failure));
		assertThat(result.onErrorResume((ex) -> Mono.fromRunnable(() -> assertThat(ex).isSameAs(failure))).block())
			.isNull();
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

	@Test
	void filterWhenAnswerIsAtHandThenForwardedWithoutAskingTheValidator() {
		AnswerAtHand validator = new AnswerAtHand(identity("alice", List.of("orders.read")), null);
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Bearer abc").header("X-Auth-Subject", "eve"));
		filter(policyValidating(Set.of(CredentialScheme.BEARER), List.of("orders.read"), validator), exchange);
		assertThat(validator.asked).isZero();
		HttpHeaders headers = this.chain.request().getHeaders();
		assertThat(headers.get(HttpHeaders.AUTHORIZATION)).isNull();
		assertThat(headers.get("X-Auth-Subject")).containsExactly("alice");
		assertThat(headers.get("X-Auth-Scopes")).containsExactly("orders.read");
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

	@Test
	void filterWhenRefusalIsAtHandThenDeniedWithoutAskingTheValidator() {
		AnswerAtHand validator = new AnswerAtHand(null,
				TokenError.invalidToken(CredentialScheme.BEARER, "The token is not active"));
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Bearer abc"));
		filter(policyValidating(Set.of(CredentialScheme.BEARER), List.of(), validator), exchange);
		assertThat(validator.asked).isZero();
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo(
				"Bearer realm=\"partners\", error=\"invalid_token\", error_description=\"The token is not active\"");
	}

	@Test
	void filterWhenAnswerAtHandLacksScopeThenForbidden() {
		AnswerAtHand validator = new AnswerAtHand(identity("alice", List.of("profile")), null);
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Bearer abc"));
		filter(policyValidating(Set.of(CredentialScheme.BEARER), List.of("orders.read"), validator), exchange);
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void filterWhenAnswerAtHandHasLineBreakThenRefusedNotForwarded() {
		AnswerAtHand validator = new AnswerAtHand(identity("eve\r\nX-Admin: true", List.of()), null);
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Bearer abc"));
		filter(policyValidating(Set.of(CredentialScheme.BEARER), List.of(), validator), exchange);
		assertThat(this.chain.request()).isNull();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void filterWhenNothingIsAtHandThenTheValidatorIsAsked() {
		AnswerAtHand validator = new AnswerAtHand(null, null);
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.get("/orders").header("Authorization", "Bearer abc"));
		filter(policyValidating(Set.of(CredentialScheme.BEARER), List.of(), validator), exchange);
		assertThat(validator.asked).isEqualTo(1);
		assertThat(this.chain.request().getHeaders().get("X-Auth-Subject")).containsExactly("fetched");
	}

	@Test
	void applyWhenPolicyUnknownThenActionableMessage() {
		TokenAuthGatewayFilterFactory factory = new TokenAuthGatewayFilterFactory(new InboundPolicies(List.of()),
				new TokenErrorResponder());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.apply(new TokenAuthGatewayFilterFactory.Config().setPolicy("nope")))
			.withMessage("TokenAuth=nope names no policy; define it under tokengate.inbound.nope");
	}

	@Test
	void filterToStringNamesThePolicy() {
		GatewayFilter filter = new TokenAuthGatewayFilterFactory(
				new InboundPolicies(List.of(policy(Set.of(CredentialScheme.TOKEN), List.of()))), new TokenErrorResponder())
			.apply(new TokenAuthGatewayFilterFactory.Config().setPolicy("partners"));
		assertThat(filter.toString()).isEqualTo("[TokenAuth policy = 'partners']");
	}

	private void filter(InboundPolicy policy, MockServerWebExchange exchange) {
		GatewayFilter filter = new TokenAuthGatewayFilterFactory(new InboundPolicies(List.of(policy)),
				new TokenErrorResponder())
			.apply(new TokenAuthGatewayFilterFactory.Config().setPolicy(policy.name()));
		filter.filter(exchange, this.chain).block();
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return MockServerWebExchange.from(request);
	}

	private static InboundPolicy policy(Set<CredentialScheme> accepted, List<String> requiredScopes) {
		ApiKeyValidator keys = new ApiKeyValidator(List.of(
				new ApiKey(Sha256.hex("key-one"), "alice", "app-7", List.of("orders.read", "orders.write")),
				new ApiKey(Sha256.hex("key-two"), "bob", null, List.of())));
		return policyValidating(accepted, requiredScopes, keys::validate);
	}

	private static InboundPolicy policyValidating(Set<CredentialScheme> accepted, List<String> requiredScopes,
			io.tokengate.authn.TokenValidator validator) {
		return InboundPolicy.builder("partners")
			.accepted(accepted)
			.resolver(new DefaultCredentialResolver(accepted, InstallTokenNames.DEFAULTS, 4096))
			.validator(new SchemeDispatchingValidator(Map.of(CredentialScheme.BEARER, validator,
					CredentialScheme.TOKEN, validator, CredentialScheme.INSTALL, validator)))
			.requiredScopes(requiredScopes)
			.build();
	}

	private static Identity identity(String subject, List<String> scopes) {
		return new Identity(subject, null, scopes, null, null, null);
	}

	/**
	 * Knows the answer without waiting ({@code validateNow}) when given one; {@code validate}
	 * answers "fetched" and counts how often it was asked.
	 */
	static final class AnswerAtHand implements io.tokengate.authn.TokenValidator {

		private final Identity identity;

		private final TokenError refusal;

		private int asked;

		AnswerAtHand(Identity identity, TokenError refusal) {
			this.identity = identity;
			this.refusal = refusal;
		}

		@Override
		public Identity validateNow(Credential credential) {
			if (this.refusal != null) {
				throw this.refusal.toException();
			}
			return this.identity;
		}

		@Override
		public Mono<Identity> validate(Credential credential) {
			this.asked++;
			return Mono.just(identity("fetched", List.of()));
		}

	}

	static final class RecordingChain implements GatewayFilterChain {

		private final AtomicReference<ServerWebExchange> exchange = new AtomicReference<>();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			this.exchange.set(exchange);
			return Mono.empty();
		}

		ServerWebExchange exchange() {
			return this.exchange.get();
		}

		ServerHttpRequest request() {
			ServerWebExchange forwarded = this.exchange.get();
			return (forwarded != null) ? forwarded.getRequest() : null;
		}

	}

}
