package io.tokengate.authn;

import java.util.List;

import io.tokengate.credential.Credential;
import io.tokengate.credential.Sha256;
import io.tokengate.credential.TokenErrorCode;
import io.tokengate.credential.TokenErrorException;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeyValidatorTests {

	private final ApiKeyValidator validator = new ApiKeyValidator(
			List.of(new ApiKey(Sha256.hex("key-one"), "alice", "app-7", List.of("orders.read")),
					new ApiKey(Sha256.hex("key-two").toUpperCase(), "bob", null, List.of())));

	@Test
	void validateWhenKnownKeyThenIdentityOfThatKey() {
		StepVerifier.create(this.validator.validate(Credential.token("key-one")))
			.assertNext((identity) -> {
				assertThat(identity.subject()).isEqualTo("alice");
				assertThat(identity.app()).isEqualTo("app-7");
				assertThat(identity.scopes()).containsExactly("orders.read");
				assertThat(identity.expiresAt()).isNull();
			})
			.verifyComplete();
	}

	@Test
	void validateWhenDigestConfiguredInUpperCaseThenMatches() {
		assertThat(this.validator.find("key-two")).map(Identity::subject).contains("bob");
	}

	@Test
	void validateWhenUnknownKeyThenInvalidToken() {
		StepVerifier.create(this.validator.validate(Credential.token("key-three")))
			.expectErrorSatisfies((ex) -> assertThat(((TokenErrorException) ex).error().code())
				.isEqualTo(TokenErrorCode.INVALID_TOKEN))
			.verify();
	}

	@Test
	void validateWhenKeyIsTheConfiguredDigestItselfThenInvalidToken() {
		assertThat(this.validator.find(Sha256.hex("key-one"))).isEmpty();
	}

	@Test
	void apiKeyWhenDigestMalformedThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKey("abc", "s", null, List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKey("z".repeat(64), "s", null, List.of()));
	}

	@Test
	void apiKeyToStringShowsNoDigest() {
		assertThat(new ApiKey(Sha256.hex("key-one"), "alice", "app", List.of()).toString())
			.doesNotContain(Sha256.hex("key-one"));
	}

}
