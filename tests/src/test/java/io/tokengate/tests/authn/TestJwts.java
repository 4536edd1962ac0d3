package io.tokengate.tests.authn;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signing keys and JWTs for the authn tests, made with Nimbus as an issuer would.
 */
public final class TestJwts {

	public static final String ISSUER = "https://idp.example";

	public static final String AUDIENCE = "partner-api";

	private TestJwts() {
	}

	public static RSAKey rsaKey(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Claims an accepting policy takes: right issuer and audience, valid from now for 10 min. */
	public static JWTClaimsSet.Builder claims(String subject, Instant now) {
		return new JWTClaimsSet.Builder().subject(subject)
			.issuer(ISSUER)
			.audience(AUDIENCE)
			.claim("scope", "orders.read")
			.claim("client_id", "partner-app")
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)));
	}

	public static String rs256(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The key-confusion attack (RFC 8725 section 2.1): HS256 "signed" with the issuer's RSA
	 * public key, in PEM, as the HMAC secret, naming the RSA key's {@code kid}.
	 */
	public static String hs256WithPublicKey(RSAKey key, JWTClaimsSet claims) {
		try {
			String pem = "-----BEGIN PUBLIC KEY-----\n"
					+ Base64.getMimeEncoder().encodeToString(key.toRSAPublicKey().getEncoded())
					+ "\n-----END PUBLIC KEY-----\n";
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code alg: none} (RFC 7519 section 6): no signature at all. */
	public static String unsecured(JWTClaimsSet claims) {
		return new PlainJWT(claims).serialize();
	}

}
