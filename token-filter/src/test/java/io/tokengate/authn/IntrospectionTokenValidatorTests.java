package io.tokengate.authn;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokengate.credential.Credential;
import io.tokengate.credential.TokenErrorCode;
import io.tokengate.credential.TokenErrorException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class IntrospectionTokenValidatorTests {

	private static IntrospectionTokenValidator answering(Map<String, Object> json) {
		return new IntrospectionTokenValidator((token) -> Mono.just(IntrospectionAnswer.from(json)), "installid");
	}

	private static Map<String, Object> active() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("active", true);
		json.put("sub", "alice");
		json.put("client_id", "app-7");
		json.put("scope", "orders.read orders.write");
		json.put("exp", 1893456000L);
		json.put("iat", 1893452400L);
		json.put("aud", "partner-api");
		json.put("username", "al");
		json.put("tenant", "t-1");
		return json;
	}

	private static void assertInvalid(IntrospectionTokenValidator validator, Credential credential,
			String description) {
		StepVerifier.create(validator.validate(credential)).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(TokenErrorException.class);
			assertThat(((TokenErrorException) ex).error().code()).isEqualTo(TokenErrorCode.INVALID_TOKEN);
			assertThat(((TokenErrorException) ex).error().scheme()).isEqualTo(credential.scheme());
			assertThat(((TokenErrorException) ex).error().description()).isEqualTo(description);
		}).verify();
	}

	@Test
	void validateWhenActiveThenIdentityFromAnswer() {
		StepVerifier.create(answering(active()).validate(Credential.bearer("opaque-1"))).assertNext((identity) -> {
			assertThat(identity.subject()).isEqualTo("alice");
			assertThat(identity.app()).isEqualTo("app-7");
			assertThat(identity.scopes()).containsExactly("orders.read", "orders.write");
			assertThat(identity.expiresAt()).isEqualTo(Instant.ofEpochSecond(1893456000L));
			assertThat(identity.installId()).isNull();
			assertThat(identity.claims()).containsEntry("tenant", "t-1")
				.containsEntry("username", "al")
				.containsEntry("aud", List.of("partner-api"))
				.containsEntry("iat", 1893452400L)
				.doesNotContainKeys("active", "sub", "client_id", "scope", "exp");
		}).verifyComplete();
	}

	@Test
	void validateWhenInactiveThenInvalidToken() {
		assertInvalid(answering(Map.of("active", false)), Credential.token("key-1"), "The token is not active");
	}

	@Test
	void validateWhenNoSubThenUsernameThenClientId() {
		Map<String, Object> json = active();
		json.remove("sub");
		StepVerifier.create(answering(json).validate(Credential.bearer("t")))
			.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("al"))
			.verifyComplete();
		json.remove("username");
		StepVerifier.create(answering(json).validate(Credential.bearer("t")))
			.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("app-7"))
			.verifyComplete();
	}

	@Test
	void validateWhenInstallIdMatchesThenIdentity() {
		Map<String, Object> json = active();
		json.put("installid", "install-1");
		StepVerifier.create(answering(json).validate(Credential.install("it-1", "install-1")))
			.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("alice"))
			.verifyComplete();
	}

	@Test
	void validateWhenInstallIdDiffersThenInvalidToken() {
		Map<String, Object> json = active();
		json.put("installid", "install-1");
		assertInvalid(answering(json), Credential.install("it-1", "install-2"),
				"The token does not belong to this install id");
	}

	@Test
	void validateWhenInstallIdClaimMissingThenInvalidToken() {
		assertInvalid(answering(active()), Credential.install("it-1", "install-1"),
				"The token does not belong to this install id");
	}

	@Test
	void validateWhenInstallIdClaimIsConfiguredThenThatClaimIsRead() {
		Map<String, Object> json = active();
		json.put("installid", "install-2");
		json.put("ctx_install", "install-1");
		IntrospectionTokenValidator validator = new IntrospectionTokenValidator(
				(token) -> Mono.just(IntrospectionAnswer.from(json)), "ctx_install");
		StepVerifier.create(validator.validate(Credential.install("it-1", "install-1")))
			.expectNextCount(1)
			.verifyComplete();
		assertInvalid(validator, Credential.install("it-1", "install-2"), "The token does not belong to this install id");
	}

	@Test
	void validateWhenBearerTokenThenInstallIdClaimIsIgnored() {
		Map<String, Object> json = active();
		json.put("installid", "install-1");
		StepVerifier.create(answering(json).validate(Credential.bearer("t")))
			.assertNext((identity) -> assertThat(identity.installId()).isNull())
			.verifyComplete();
	}

}
