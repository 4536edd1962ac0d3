package io.tokengate.authn;

import java.util.HexFormat;

import io.tokengate.credential.Credential;
import io.tokengate.credential.Sha256;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationKeyTests {

	@Test
	void ofWhenSameCredentialThenEqualKeys() {
		assertThat(ValidationKey.of(Credential.bearer("tok"))).isEqualTo(ValidationKey.of(Credential.bearer("tok")))
			.hasSameHashCodeAs(ValidationKey.of(Credential.bearer("tok")));
	}

	@Test
	void ofWhenValueSchemeOrInstallIdDiffersThenDifferentKeys() {
		ValidationKey key = ValidationKey.of(Credential.bearer("tok"));
		assertThat(ValidationKey.of(Credential.bearer("tol"))).isNotEqualTo(key);
		assertThat(ValidationKey.of(Credential.token("tok"))).isNotEqualTo(key);
		assertThat(ValidationKey.of(Credential.install("tok", "i1"))).isNotEqualTo(key)
			.isNotEqualTo(ValidationKey.of(Credential.install("tok", "i2")));
	}

	@Test
	void ofWhenInstallFieldsShiftAcrossTheBoundaryThenDifferentKeys() {
		assertThat(ValidationKey.of(Credential.install("ab", "c")))
			.isNotEqualTo(ValidationKey.of(Credential.install("a", "bc")));
	}

	@Test
	void keyOfATokenIsTheSha256OfItsValue() {
		assertThat(ValidationKey.of(Credential.bearer("tok")).digestHex()).isEqualTo(Sha256.hex("tok"));
	}

	@Test
	void keyOfAnInstallTokenIsTheSha256OfTheLengthPrefixedValueAndTheInstallId() {
		ValidationKey key = ValidationKey.of(Credential.install("tok", "i1"));
		byte[] fields = { 0, 0, 0, 3, 't', 'o', 'k', 'i', '1' };
		assertThat(key.digestHex()).isEqualTo(HexFormat.of().formatHex(Sha256.digest(fields)));
	}

	@Test
	void keyHoldsNoCredential() {
		ValidationKey key = ValidationKey.of(Credential.bearer("secret-token-value"));
		assertThat(key.digestHex()).hasSize(64).doesNotContain("secret-token-value");
		assertThat(key.toString()).doesNotContain("secret-token-value").hasSize("ValidationKey[]".length() + 12);
	}

}
