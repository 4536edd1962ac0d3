package io.tokengate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tokengate.inbound.<name>.jwt}: local validation of Bearer tokens that are JWTs. Exactly
 * one of {@code jwk-set-uri} and {@code secret} is set.
 */
public class JwtProperties {

	/**
	 * JWK Set URI of the issuer; signing keys are fetched from it, cached, and refetched when a token
	 * names an unknown key id.
	 */
	private String jwkSetUri;

	/**
	 * HMAC secret (UTF-8), at least as many bits as the hash of the strongest algorithm (256 for HS256),
	 * instead of a JWK Set.
	 */
	private String secret;

	/** Required "iss" claim. Unset accepts any issuer. */
	private String issuer;

	/** The "aud" claim must name at least one of these. Empty accepts any audience. */
	private List<String> audiences = new ArrayList<>();

	/**
	 * Accepted signature algorithms. Default RS256 and ES256 with a JWK Set, HS256 with a secret. "none"
	 * is never accepted.
	 */
	private List<String> algorithms = new ArrayList<>();

	/** Tolerance for "exp" and "nbf" against a clock that differs from the issuer's. */
	private Duration clockSkew = Duration.ofSeconds(30);

	/** Connect and read timeout of a JWK Set fetch. */
	private Duration timeout = Duration.ofSeconds(2);

	/** Retry-After sent with the 503 when the JWK Set cannot be fetched. */
	private Duration retryAfter = Duration.ofSeconds(5);

	public String getJwkSetUri() {
		return this.jwkSetUri;
	}

	public void setJwkSetUri(String jwkSetUri) {
		this.jwkSetUri = jwkSetUri;
	}

	public String getSecret() {
		return this.secret;
	}

	public void setSecret(String secret) {
		this.secret = secret;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public List<String> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(List<String> audiences) {
		this.audiences = audiences;
	}

	public List<String> getAlgorithms() {
		return this.algorithms;
	}

	public void setAlgorithms(List<String> algorithms) {
		this.algorithms = algorithms;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

}
