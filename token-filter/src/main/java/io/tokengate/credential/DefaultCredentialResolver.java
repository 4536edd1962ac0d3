package io.tokengate.credential;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;

/**
 * Resolves {@code Authorization: Bearer}, {@code Authorization: Token} and install-token
 * credentials, whichever of them a policy accepts.
 * <ul>
 * <li>Schemes are matched case-insensitively (RFC 9110 §11.1); an {@code Authorization}
 * header with a scheme the policy does not accept is not a credential for it.</li>
 * <li>Values must be RFC 6750 {@code b64token}s no longer than the configured limit.</li>
 * <li>Exactly one credential: two {@code Authorization} headers, a header plus an install
 * pair, a parameter given twice or half an install pair are {@code invalid_request}.</li>
 * </ul>
 */
public final class DefaultCredentialResolver implements CredentialResolver {

	/** Default upper bound on a credential's length, in characters. */
	public static final int DEFAULT_MAX_LENGTH = 4096;

	private final Set<CredentialScheme> accepted;

	private final InstallTokenNames installNames;

	private final int maxLength;

	public DefaultCredentialResolver(Set<CredentialScheme> accepted, InstallTokenNames installNames, int maxLength) {
		Assert.notEmpty(accepted, "at least one scheme must be accepted");
		Assert.notNull(installNames, "installNames must not be null");
		Assert.isTrue(maxLength > 0, "maxLength must be positive");
		this.accepted = EnumSet.copyOf(accepted);
		this.installNames = installNames;
		this.maxLength = maxLength;
	}

	@Override
	public Credential resolve(ServerHttpRequest request) {
		Credential found = fromAuthorization(request.getHeaders());
		if (this.accepted.contains(CredentialScheme.INSTALL)) {
			MultiValueMap<String, String> query = request.getQueryParams();
			found = onlyOne(found, installPair(query::get, this.installNames.tokenParam(),
					this.installNames.installIdParam(), "parameter"));
			HttpHeaders headers = request.getHeaders();
			found = onlyOne(found, installPair(headers::get, this.installNames.tokenHeader(),
					this.installNames.installIdHeader(), "header"));
		}
		return found;
	}

	private static Credential onlyOne(Credential found, Credential another) {
		if (found != null && another != null) {
			throw invalid("The request carries more than one credential");
		}
		return (found != null) ? found : another;
	}

	private Credential fromAuthorization(HttpHeaders headers) {
		List<String> values = headers.get(HttpHeaders.AUTHORIZATION);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw invalid("The request carries more than one Authorization header");
		}
		String header = values.get(0);
		if (header.isBlank()) {
			throw invalid("The Authorization header is empty");
		}
		int end = schemeEnd(header);
		CredentialScheme scheme = authorizationScheme(header, end);
		if (scheme == null) {
			return null;
		}
		int start = end;
		while (start < header.length() && header.charAt(start) == ' ') {
			start++;
		}
		if (start == end && end < header.length()) {
			throw invalid("The Authorization scheme must be followed by a space");
		}
		String value = header.substring(start);
		checkToken(value, scheme.challengeName());
		return new Credential(scheme, value, null);
	}

	private static int schemeEnd(String header) {
		int i = 0;
		while (i < header.length() && header.charAt(i) != ' ' && header.charAt(i) != '\t') {
			i++;
		}
		return i;
	}

	private CredentialScheme authorizationScheme(String header, int length) {
		for (CredentialScheme scheme : this.accepted) {
			String name = scheme.challengeName();
			if (scheme.isAuthorizationScheme() && name.length() == length
					&& header.regionMatches(true, 0, name, 0, length)) {
				return scheme;
			}
		}
		return null;
	}

	private Credential installPair(Function<String, List<String>> source, String tokenName, String idName,
			String kind) {
		String token = single(source, tokenName, kind);
		String installId = single(source, idName, kind);
		if (token == null && installId == null) {
			return null;
		}
		if (token == null || installId == null) {
			throw invalid("An install token and its install id must be sent together");
		}
		checkToken(token, "install token");
		if (!CredentialSyntax.isInstallId(installId)) {
			throw invalid("The install id is malformed");
		}
		return Credential.install(token, installId);
	}

	private static String single(Function<String, List<String>> source, String name, String kind) {
		List<String> values = source.apply(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw invalid("The " + kind + " " + name + " is given more than once");
		}
		String value = values.get(0);
		return (value != null) ? value : "";
	}

	private void checkToken(String value, String what) {
		if (value.isEmpty()) {
			throw invalid("The " + what + " credential is empty");
		}
		if (value.length() > this.maxLength) {
			throw invalid("The " + what + " credential is longer than " + this.maxLength + " characters");
		}
		if (!CredentialSyntax.isB64Token(value)) {
			throw invalid("The " + what + " credential has characters outside RFC 6750 b64token");
		}
	}

	private static TokenErrorException invalid(String description) {
		return TokenError.invalidRequest(description).toException();
	}

	@Override
	public String toString() {
		return "DefaultCredentialResolver[accepted=" + this.accepted + ", maxLength=" + this.maxLength + "]";
	}

}
