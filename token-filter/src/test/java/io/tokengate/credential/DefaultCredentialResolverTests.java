package io.tokengate.credential;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DefaultCredentialResolverTests {

	private static final Set<CredentialScheme> ALL = EnumSet.allOf(CredentialScheme.class);

	private static final String LONG = "a".repeat(DefaultCredentialResolver.DEFAULT_MAX_LENGTH);

	private final DefaultCredentialResolver resolver = new DefaultCredentialResolver(ALL, InstallTokenNames.DEFAULTS,
			DefaultCredentialResolver.DEFAULT_MAX_LENGTH);

	/**
	 * Each row: a request, then either the credential it resolves to, {@code null} for none, or
	 * the {@code invalid_request} description it fails with.
	 */
	static Stream<Arguments> requests() {
		return Stream.of(
				// well-formed
				ok(get("/").header("Authorization", "Bearer abc.def-ghi_jkl~mno+pqr/stu=="),
						Credential.bearer("abc.def-ghi_jkl~mno+pqr/stu==")),
				ok(get("/").header("Authorization", "bearer abc"), Credential.bearer("abc")),
				ok(get("/").header("Authorization", "BEARER abc"), Credential.bearer("abc")),
				ok(get("/").header("Authorization", "Bearer   abc"), Credential.bearer("abc")),
				ok(get("/").header("Authorization", "Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"),
						Credential.token("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")),
				ok(get("/").header("Authorization", "tOkEn k1"), Credential.token("k1")),
				ok(get("/").header("Authorization", "Bearer " + LONG), Credential.bearer(LONG)),
				ok(get("/").header("Authorization", "Bearer ="), fails("b64token")),
				ok(get("/?installid=c12b156b-8592-4545-989b-4468a3936983&token=52b29f04992f"),
						Credential.install("52b29f04992f", "c12b156b-8592-4545-989b-4468a3936983")),
				ok(get("/?a=1&token=t%2Bk&installid=i1&b=2"), Credential.install("t+k", "i1")),
				ok(get("/").header("X-Install-Token", "tk").header("X-Install-Id", "i-1"),
						Credential.install("tk", "i-1")),
				ok(get("/").header("x-install-token", "tk").header("x-install-id", "i-1"),
						Credential.install("tk", "i-1")),
				// no credential
				ok(get("/"), null),
				ok(get("/?page=2&sort=asc"), null),
				ok(get("/").header("Authorization", "Basic dXNlcjpwYXNz"), null),
				ok(get("/").header("Authorization", "Digest username=x"), null),
				ok(get("/").header("Authorization", "Bearerabc"), null),
				ok(get("/?tokens=x&install=y"), null),
				// malformed
				ok(get("/").header("Authorization", ""), fails("The Authorization header is empty")),
				ok(get("/").header("Authorization", "   "), fails("The Authorization header is empty")),
				ok(get("/").header("Authorization", "Bearer"), fails("The Bearer credential is empty")),
				ok(get("/").header("Authorization", "Bearer "), fails("The Bearer credential is empty")),
				ok(get("/").header("Authorization", "Bearer\tabc"),
						fails("The Authorization scheme must be followed by a space")),
				ok(get("/").header("Authorization", "Bearer a b"), fails("b64token")),
				ok(get("/").header("Authorization", "Bearer a,b"), fails("b64token")),
				ok(get("/").header("Authorization", "Bearer ab=c"), fails("b64token")),
				ok(get("/").header("Authorization", "Bearer ===="), fails("b64token")),
				ok(get("/").header("Authorization", "Bearer t\u00f6ken"), fails("b64token")),
				ok(get("/").header("Authorization", "Bearer abc\u0000"), fails("b64token")),
				ok(get("/").header("Authorization", "Bearer \"abc\""), fails("b64token")),
				ok(get("/").header("Authorization", "Bearer a" + LONG),
						fails("The Bearer credential is longer than 4096 characters")),
				ok(get("/").header("Authorization", "Token"), fails("The Token credential is empty")),
				ok(get("/?token=&installid=i1"), fails("The install token credential is empty")),
				ok(get("/?token=a+b&installid=i1"), fails("b64token")),
				ok(get("/?token&installid=i1"), fails("The install token credential is empty")),
				ok(get("/?token=t1&installid=i%2F1"), fails("The install id is malformed")),
				ok(get("/?token=t1&installid="), fails("The install id is malformed")),
				ok(get("/?token=t1&installid=" + "i".repeat(257)), fails("The install id is malformed")),
				// more than one, or half of one
				ok(get("/").header("Authorization", "Bearer a", "Bearer b"),
						fails("The request carries more than one Authorization header")),
				ok(get("/").header("Authorization", "Bearer a", "Basic b"),
						fails("The request carries more than one Authorization header")),
				ok(get("/?token=t1&installid=i1").header("Authorization", "Bearer a"),
						fails("The request carries more than one credential")),
				ok(get("/?token=t1&installid=i1").header("X-Install-Token", "t2").header("X-Install-Id", "i2"),
						fails("The request carries more than one credential")),
				ok(get("/").header("Authorization", "Token k").header("X-Install-Token", "t2").header("X-Install-Id",
						"i2"), fails("The request carries more than one credential")),
				ok(get("/?token=t1&token=t2&installid=i1"), fails("The parameter token is given more than once")),
				ok(get("/?token=t1&installid=i1&installid=i2"),
						fails("The parameter installid is given more than once")),
				ok(get("/?token=t1"), fails("An install token and its install id must be sent together")),
				ok(get("/?installid=i1"), fails("An install token and its install id must be sent together")),
				ok(get("/").header("X-Install-Token", "t1"),
						fails("An install token and its install id must be sent together")),
				ok(get("/?token=t1").header("X-Install-Id", "i1"),
						fails("An install token and its install id must be sent together")),
				ok(get("/").header("X-Install-Token", "t1", "t2").header("X-Install-Id", "i1"),
						fails("The header X-Install-Token is given more than once")));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("requests")
	void resolve(Row row) {
		if (row.failure() != null) {
			assertThatExceptionOfType(TokenErrorException.class).isThrownBy(() -> resolve(row.request()))
				.satisfies((ex) -> {
					assertThat(ex.error().code()).isEqualTo(TokenErrorCode.INVALID_REQUEST);
					assertThat(ex.error().description()).contains(row.failure());
				});
		}
		else {
			assertThat(resolve(row.request())).isEqualTo(row.expected());
		}
	}

	@Test
	void requestsTableHasAtLeastThirtyRows() {
		assertThat(requests().count()).isGreaterThanOrEqualTo(30);
	}

	@Test
	void resolveWhenSchemeNotAcceptedThenIgnoresIt() {
		DefaultCredentialResolver tokenOnly = new DefaultCredentialResolver(EnumSet.of(CredentialScheme.TOKEN),
				InstallTokenNames.DEFAULTS, 4096);
		MockServerHttpRequest request = get("/?token=t1&installid=i1").header("Authorization", "Bearer abc").build();
		assertThat(tokenOnly.resolve(request)).isNull();
	}

	@Test
	void resolveWhenNamesConfiguredThenUsesThem() {
		DefaultCredentialResolver custom = new DefaultCredentialResolver(EnumSet.of(CredentialScheme.INSTALL),
				new InstallTokenNames("access_token", "install", "X-Key", "X-Install"), 4096);
		assertThat(custom.resolve(get("/?access_token=t1&install=i1&token=x").build()))
			.isEqualTo(Credential.install("t1", "i1"));
		assertThat(custom.resolve(get("/").header("X-Key", "t2").header("X-Install", "i2").build()))
			.isEqualTo(Credential.install("t2", "i2"));
	}

	@Test
	void resolveWhenLimitLoweredThenLongerIsInvalidRequest() {
		DefaultCredentialResolver strict = new DefaultCredentialResolver(ALL, InstallTokenNames.DEFAULTS, 8);
		assertThat(strict.resolve(get("/").header("Authorization", "Bearer 12345678").build()))
			.isEqualTo(Credential.bearer("12345678"));
		assertThatExceptionOfType(TokenErrorException.class)
			.isThrownBy(() -> strict.resolve(get("/").header("Authorization", "Bearer 123456789").build()))
			.withMessageContaining("longer than 8 characters");
	}

	@Test
	void constructWhenNothingAcceptedThenRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DefaultCredentialResolver(Set.of(), InstallTokenNames.DEFAULTS, 10));
	}

	@Test
	void credentialToStringNeverShowsTheSecret() {
		assertThat(Credential.bearer("super-secret-token").toString()).doesNotContain("super-secret-token")
			.contains(Sha256.fingerprint("super-secret-token"));
	}

	private Credential resolve(MockServerHttpRequest request) {
		return this.resolver.resolve(request);
	}

	/** The URI exactly as a client would send it, without template encoding. */
	private static MockServerHttpRequest.BaseBuilder<?> get(String uri) {
		return MockServerHttpRequest.method(HttpMethod.GET, URI.create(uri));
	}

	private static Arguments ok(MockServerHttpRequest.BaseBuilder<?> request, Object outcome) {
		String description = describe(request.build());
		if (outcome instanceof Failure failure) {
			return Arguments.of(new Row(description, request.build(), null, failure.description()));
		}
		return Arguments.of(new Row(description, request.build(), (Credential) outcome, null));
	}

	private static Failure fails(String description) {
		return new Failure(description);
	}

	private static String describe(MockServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		List<String> shown = headers.headerNames().stream().map((name) -> name + ": " + headers.get(name)).toList();
		String text = request.getURI() + " " + shown;
		return (text.length() > 120) ? text.substring(0, 120) + "..." : text;
	}

	record Failure(String description) {
	}

	record Row(String description, MockServerHttpRequest request, Credential expected, String failure) {

		@Override
		public String toString() {
			return this.description;
		}

	}

}
