package io.tokengate.authn;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationKeyTests {

	@Test
	void ofWhenSameInputsThenEqualKeys() {
		assertThat(ValidationKey.of("p", Credential.bearer("tok")))
			.isEqualTo(ValidationKey.of("p", Credential.bearer("tok")));
	}

	@Test
	void ofWhenPolicySchemeOrInstallIdDiffersThenDifferentKeys() {
		ValidationKey key = ValidationKey.of("p", Credential.bearer("tok"));
		assertThat(ValidationKey.of("q", Credential.bearer("tok"))).isNotEqualTo(key);
		assertThat(ValidationKey.of("p", Credential.token("tok"))).isNotEqualTo(key);
		assertThat(ValidationKey.of("p", Credential.install("tok", "i1")))
			.isNotEqualTo(ValidationKey.of("p", Credential.install("tok", "i2")));
	}

	@Test
	void ofWhenFieldsShiftAcrossBoundaryThenDifferentKeys() {
		assertThat(ValidationKey.of("pa", new Credential(CredentialScheme.BEARER, "b", null)))
			.isNotEqualTo(ValidationKey.of("p", new Credential(CredentialScheme.BEARER, "ab", null)));
	}

	@Test
	void keyHoldsNoCredential() {
		ValidationKey key = ValidationKey.of("p", Credential.bearer("secret-token-value"));
		assertThat(key.digest()).hasSize(64).doesNotContain("secret-token-value");
		assertThat(key.fingerprint()).isEqualTo(Credential.bearer("secret-token-value").fingerprint());
		assertThat(key.toString()).doesNotContain("secret-token-value").doesNotContain(key.digest());
	}

}
