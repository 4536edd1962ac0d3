package io.tokengate.authn;

import java.text.ParseException;

import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import reactor.core.publisher.Mono;

/**
 * Chooses how a Bearer token is checked: a token in JWS compact form (RFC 7515 §7.1, including
 * {@code alg: none}, so that it is refused rather than introspected) goes to the JWT validator
 * when the policy has one; anything else, or every token when there is no JWT validator, goes to
 * introspection. A policy without introspection refuses tokens that are not JWS.
 */
public final class BearerTokenValidator implements TokenValidator {

	private final TokenValidator jwt;

	private final TokenValidator introspection;

	/**
	 * @param jwt validates JWS tokens, or {@code null}
	 * @param introspection validates the others, or {@code null}; not both {@code null}
	 */
	public BearerTokenValidator(TokenValidator jwt, TokenValidator introspection) {
		if (jwt == null && introspection == null) {
			throw new IllegalArgumentException("a JWT validator, an introspection validator or both are required");
		}
		this.jwt = jwt;
		this.introspection = introspection;
	}

	@Override
	public Mono<Identity> validate(Credential credential) {
		if (this.jwt != null && isJws(credential.value())) {
			return this.jwt.validate(credential);
		}
		if (this.introspection != null) {
			return this.introspection.validate(credential);
		}
		return Mono.error(TokenError.invalidToken(CredentialScheme.BEARER, "The token is not a JWT").toException());
	}

	/** Whether Nimbus reads the token as a signed or unsecured JWT (not an encrypted one). */
	static boolean isJws(String token) {
		try {
			JWT jwt = JWTParser.parse(token);
			return !(jwt instanceof EncryptedJWT);
		}
		catch (ParseException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return "BearerTokenValidator[jwt=" + this.jwt + ", introspection=" + this.introspection + "]";
	}

}
