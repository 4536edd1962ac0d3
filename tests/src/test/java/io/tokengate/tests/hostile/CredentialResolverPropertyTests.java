package io.tokengate.tests.hostile;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.DefaultCredentialResolver;
import io.tokengate.credential.InstallTokenNames;
import io.tokengate.credential.TokenErrorCode;
import io.tokengate.credential.TokenErrorException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property test of {@link DefaultCredentialResolver} with a seeded generator: thousands of
 * random {@code Authorization} headers, install headers and query strings. Whatever comes in,
 * the resolver answers nothing, one well-formed credential, or {@code invalid_request}; no
 * other exception escapes, and what it resolves is exactly what was sent.
 */
class CredentialResolverPropertyTests {

	private static final long SEED = 0x70CE_6A7EL;

	private static final int CASES = 5000;

	private final DefaultCredentialResolver resolver = new DefaultCredentialResolver(
			EnumSet.allOf(CredentialScheme.class), InstallTokenNames.DEFAULTS, DefaultCredentialResolver.DEFAULT_MAX_LENGTH);

	@Test
	void randomRequestsResolveToNothingOneWellFormedCredentialOrInvalidRequest() {
		RandomCredentials random = new RandomCredentials(SEED, 4000);
		int resolved = 0;
		int invalid = 0;
		for (int i = 0; i < CASES; i++) {
			MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.get("/api/orders" + query(random));
			int authorizations = random.chance(90) ? 1 : 2;
			for (int a = 0; a < authorizations && random.chance(85); a++) {
				builder.header("Authorization", random.authorization(false));
			}
			if (random.chance(15)) {
				builder.header("X-Install-Token", random.value(false));
			}
			if (random.chance(15)) {
				builder.header("X-Install-Id", random.shortId());
			}
			MockServerHttpRequest request = builder.build();
			int index = i;
			Supplier<String> description = () -> "case " + index + " of seed " + SEED + ": " + request.getHeaders()
					+ " " + request.getURI();
			try {
				Credential credential = this.resolver.resolve(request);
				if (credential != null) {
					resolved++;
					assertWellFormed(credential, request, description);
				}
			}
			catch (TokenErrorException ex) {
				invalid++;
				assertThat(ex.error().code()).as(description).isEqualTo(TokenErrorCode.INVALID_REQUEST);
			}
			catch (RuntimeException ex) {
				fail(description.get(), ex);
			}
		}
		// the generator reaches every outcome, so the properties above are not vacuous
		assertThat(resolved).isGreaterThan(CASES / 50);
		assertThat(invalid).isGreaterThan(CASES / 5);
		assertThat(CASES - resolved - invalid).isGreaterThan(CASES / 20);
	}

	private static void assertWellFormed(Credential credential, MockServerHttpRequest request,
			Supplier<String> description) {
		String value = credential.value();
		assertThat(value).as(description).isNotEmpty().hasSizeLessThanOrEqualTo(DefaultCredentialResolver.DEFAULT_MAX_LENGTH);
		assertThat(value).as(description).matches("[A-Za-z0-9\\-._~+/]+=*");
		if (credential.scheme() == CredentialScheme.INSTALL) {
			assertThat(credential.installId()).as(description).matches("[A-Za-z0-9\\-._~]{1,256}");
			return;
		}
		List<String> authorization = request.getHeaders().get("Authorization");
		assertThat(authorization).as(description).hasSize(1);
		String header = authorization.get(0);
		String scheme = credential.scheme().challengeName();
		assertThat(header.toLowerCase(Locale.ROOT)).as(description).startsWith(scheme.toLowerCase(Locale.ROOT) + " ");
		assertThat(header.substring(scheme.length()).strip()).as(description).isEqualTo(value);
		assertThat(request.getQueryParams().get("token")).as(description).isNull();
		assertThat(request.getHeaders().get("X-Install-Token")).as(description).isNull();
	}

	private static String query(RandomCredentials random) {
		List<String[]> parameters = random.installParameters();
		if (parameters.isEmpty()) {
			return "";
		}
		StringBuilder query = new StringBuilder("?");
		for (String[] parameter : parameters) {
			if (query.length() > 1) {
				query.append('&');
			}
			query.append(parameter[0]).append('=').append(UriUtils.encode(parameter[1], StandardCharsets.UTF_8));
		}
		return query.toString();
	}

}
