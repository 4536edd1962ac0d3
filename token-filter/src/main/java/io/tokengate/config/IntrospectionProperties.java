package io.tokengate.config;

import java.time.Duration;

import io.tokengate.authn.ClientAuthentication;
import io.tokengate.authn.IntrospectionTokenValidator;

/**
 * {@code tokengate.inbound.<name>.introspection}: RFC 7662 token introspection, for opaque
 * Bearer tokens, {@code Token}-scheme keys that are not configured API keys, and install tokens.
 */
public class IntrospectionProperties {

	/** Introspection endpoint of the authorization server. */
	private String uri;

	/** Client id the gateway authenticates with. */
	private String clientId;

	/** Client secret the gateway authenticates with. */
	private String clientSecret;

	/** How the client authenticates: client_secret_basic or client_secret_post. */
	private String clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC.value();

	/** Bound on each introspection call; a slower answer is a 503. */
	private Duration timeout = Duration.ofSeconds(2);

	/** Retry-After sent with the 503 when the endpoint fails, times out or answers unreadably. */
	private Duration retryAfter = Duration.ofSeconds(5);

	/** Claim of the introspection answer that must equal an install token's install id. */
	private String installIdClaim = IntrospectionTokenValidator.DEFAULT_INSTALL_ID_CLAIM;

	public String getUri() {
		return this.uri;
	}

	public void setUri(String uri) {
		this.uri = uri;
	}

	public String getClientId() {
		return this.clientId;
	}

	public void setClientId(String clientId) {
		this.clientId = clientId;
	}

	public String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public String getClientAuthentication() {
		return this.clientAuthentication;
	}

	public void setClientAuthentication(String clientAuthentication) {
		this.clientAuthentication = clientAuthentication;
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

	public String getInstallIdClaim() {
		return this.installIdClaim;
	}

	public void setInstallIdClaim(String installIdClaim) {
		this.installIdClaim = installIdClaim;
	}

}
