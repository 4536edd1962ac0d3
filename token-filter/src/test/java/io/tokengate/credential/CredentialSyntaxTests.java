package io.tokengate.credential;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialSyntaxTests {

	/** RFC 6750 §2.1, written out as a regular expression to check the table against. */
	private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

	/** RFC 3986 §2.3 unreserved characters. */
	private static final Pattern UNRESERVED = Pattern.compile("[A-Za-z0-9\\-._~]+");

	@Test
	void isB64TokenWhenEachCharacterUpToU0200ThenAgreesWithTheRfcGrammar() {
		for (char c = 0; c < 0x200; c++) {
			String token = "a" + c + "b";
			assertThat(CredentialSyntax.isB64Token(token)).as("U+%04X", (int) c)
				.isEqualTo(B64TOKEN.matcher(token).matches());
		}
	}

	@Test
	void isB64TokenWhenPaddingThenOnlyTrailing() {
		assertThat(CredentialSyntax.isB64Token("abc==")).isTrue();
		assertThat(CredentialSyntax.isB64Token("a=b")).isFalse();
		assertThat(CredentialSyntax.isB64Token("==")).isFalse();
		assertThat(CredentialSyntax.isB64Token("")).isFalse();
	}

	@Test
	void isInstallIdWhenEachCharacterUpToU0200ThenAgreesWithUnreserved() {
		for (char c = 0; c < 0x200; c++) {
			String id = "i" + c;
			assertThat(CredentialSyntax.isInstallId(id)).as("U+%04X", (int) c)
				.isEqualTo(UNRESERVED.matcher(id).matches());
		}
	}

	@Test
	void isInstallIdWhenEmptyOrLongerThanTheLimitThenFalse() {
		assertThat(CredentialSyntax.isInstallId("")).isFalse();
		assertThat(CredentialSyntax.isInstallId("a".repeat(CredentialSyntax.MAX_INSTALL_ID_LENGTH))).isTrue();
		assertThat(CredentialSyntax.isInstallId("a".repeat(CredentialSyntax.MAX_INSTALL_ID_LENGTH + 1))).isFalse();
	}

}
