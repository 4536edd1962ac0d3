package io.tokengate.authn;

import java.util.HexFormat;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.Sha256;
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
	void keyIsTheSha256OfTheLengthPrefixedFields() {
		ValidationKey key = ValidationKey.of("p", Credential.install("tok", "i1"));
		byte[] fields = { 0, 0, 0, 1, 'p', 0, 0, 0, 7, 'i', 'n', 's', 't', 'a', 'l', 'l', 0, 0, 0, 3, 't', 'o', 'k', 0,
				0, 0, 2, 'i', '1' };
		assertThat(key.digestHex()).isEqualTo(HexFormat.of().formatHex(Sha256.digest(fields)));
	}

	@Test
	void keyHoldsNoCredential() {
		ValidationKey key = ValidationKey.of("p", Credential.bearer("secret-token-value"));
		assertThat(key.digestHex()).hasSize(64).doesNotContain("secret-token-value");
		assertThat(key.toString()).doesNotContain("secret-token-value").hasSize("ValidationKey[]".length() + 12);
	}

}
