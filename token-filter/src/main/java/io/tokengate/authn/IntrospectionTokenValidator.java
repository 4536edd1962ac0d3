package io.tokengate.authn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import reactor.core.publisher.Mono;

/**
 * Validates a credential by introspection (RFC 7662): {@code active: false} is
 * {@code invalid_token}; an active answer becomes the identity. For install tokens the answer
 * must also carry the presented install id in the configured claim, or the token belongs to
 * another install and is {@code invalid_token} too.
 * <p>
 * The subject is {@code sub}, else {@code username}, else {@code client_id}; the app is
 * {@code client_id}. The server decides activity, {@code exp} included; the
 * {@link ValidationCache} then keeps the answer no longer than that {@code exp}.
 */
public final class IntrospectionTokenValidator implements TokenValidator {

	/** The default name of the claim that carries an install token's install id. */
	public static final String DEFAULT_INSTALL_ID_CLAIM = "installid";

	private final TokenIntrospector introspector;

	private final String installIdClaim;

	public IntrospectionTokenValidator(TokenIntrospector introspector, String installIdClaim) {
		this.introspector = Objects.requireNonNull(introspector, "introspector");
		this.installIdClaim = Objects.requireNonNull(installIdClaim, "installIdClaim");
	}

	@Override
	public Mono<Identity> validate(Credential credential) {
		return this.introspector.introspect(credential.value()).map((answer) -> identity(credential, answer));
	}

	private Identity identity(Credential credential, IntrospectionAnswer answer) {
		if (!answer.active()) {
			throw TokenError.invalidToken(credential.scheme(), "The token is not active").toException();
		}
		if (credential.scheme() == CredentialScheme.INSTALL
				&& !credential.installId().equals(answer.stringClaim(this.installIdClaim))) {
			throw TokenError.invalidToken(credential.scheme(), "The token does not belong to this install id")
				.toException();
		}
		String subject = (answer.subject() != null) ? answer.subject()
				: (answer.username() != null) ? answer.username() : answer.clientId();
		Map<String, Object> claims = new LinkedHashMap<>(answer.claims());
		putIfPresent(claims, "username", answer.username());
		putIfPresent(claims, "aud", answer.audiences().isEmpty() ? null : answer.audiences());
		putIfPresent(claims, "iat", (answer.issuedAt() != null) ? answer.issuedAt().getEpochSecond() : null);
		return new Identity(subject, answer.clientId(), answer.scopes(), null, answer.expiresAt(), claims);
	}

	private static void putIfPresent(Map<String, Object> claims, String name, Object value) {
		if (value != null) {
			claims.put(name, value);
		}
	}

	@Override
	public String toString() {
		return "IntrospectionTokenValidator[" + this.introspector + ", installIdClaim=" + this.installIdClaim + "]";
	}

}
