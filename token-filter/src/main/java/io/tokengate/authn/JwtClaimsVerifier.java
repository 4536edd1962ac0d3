package io.tokengate.authn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;

/**
 * The claim rules of a JWT policy (RFC 7519 §4.1), checked against the injected {@link Clock}
 * after Nimbus has verified the signature: {@code exp} is required and honoured with
 * {@code clockSkew} of tolerance, {@code nbf} likewise, {@code iss} must equal the configured
 * issuer and {@code aud} must name one of the configured audiences, when those are set.
 * <p>
 * Rejections carry a fixed description safe to send to the caller; nothing of the token is
 * echoed.
 */
final class JwtClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {

	private final Clock clock;

	private final Duration clockSkew;

	private final String issuer;

	private final Set<String> audiences;

	JwtClaimsVerifier(Clock clock, Duration clockSkew, String issuer, Set<String> audiences) {
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.issuer = issuer;
		this.audiences = Set.copyOf(audiences);
	}

	@Override
	public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
		Instant now = this.clock.instant();
		Date exp = claims.getExpirationTime();
		if (exp == null) {
			throw new RejectedClaimException("The token has no expiry");
		}
		if (!now.isBefore(exp.toInstant().plus(this.clockSkew))) {
			throw new RejectedClaimException("The token has expired");
		}
		Date nbf = claims.getNotBeforeTime();
		if (nbf != null && now.isBefore(nbf.toInstant().minus(this.clockSkew))) {
			throw new RejectedClaimException("The token is not valid yet");
		}
		if (this.issuer != null && !this.issuer.equals(claims.getIssuer())) {
			throw new RejectedClaimException("The token issuer is not accepted");
		}
		if (!this.audiences.isEmpty()) {
			List<String> audience = claims.getAudience();
			if (audience == null || Collections.disjoint(audience, this.audiences)) {
				throw new RejectedClaimException("The token audience is not accepted");
			}
		}
	}

	/** A claim rule the token broke; the message is an RFC 6750 {@code error_description}. */
	static final class RejectedClaimException extends BadJWTException {

		RejectedClaimException(String description) {
			super(description);
		}

	}

}
