package io.tokengate.credential;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An immutable denial: code, a description safe to show the caller, the scheme whose
 * challenge carries the error (or {@code null} for all), and for 503s a {@code Retry-After}.
 * Descriptions never contain the credential; they are restricted to the characters RFC 6750 §3
 * allows in {@code error_description}.
 */
public record TokenError(TokenErrorCode code, String description, CredentialScheme scheme, List<String> scopes,
		Duration retryAfter) {

	private static final Pattern DESCRIPTION = Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*");

	public TokenError {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(description, "description");
		if (!DESCRIPTION.matcher(description).matches()) {
			throw new IllegalArgumentException("description has characters RFC 6750 does not allow");
		}
		scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
	}

	public static TokenError missing() {
		return new TokenError(TokenErrorCode.CREDENTIAL_MISSING, "A credential is required", null, null, null);
	}

	public static TokenError invalidRequest(String description) {
		return new TokenError(TokenErrorCode.INVALID_REQUEST, description, null, null, null);
	}

	public static TokenError invalidToken(CredentialScheme scheme, String description) {
		return new TokenError(TokenErrorCode.INVALID_TOKEN, description, scheme, null, null);
	}

	public static TokenError insufficientScope(CredentialScheme scheme, List<String> requiredScopes) {
		return new TokenError(TokenErrorCode.INSUFFICIENT_SCOPE, "The credential lacks a required scope", scheme,
				requiredScopes, null);
	}

	public static TokenError unavailable(String description, Duration retryAfter) {
		return new TokenError(TokenErrorCode.TEMPORARILY_UNAVAILABLE, description, null, null,
				Objects.requireNonNull(retryAfter, "retryAfter"));
	}

	public TokenErrorException toException() {
		return new TokenErrorException(this);
	}

}
