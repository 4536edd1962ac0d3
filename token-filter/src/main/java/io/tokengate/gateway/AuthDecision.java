package io.tokengate.gateway;

import io.tokengate.credential.Credential;
import io.tokengate.credential.TokenError;

/**
 * What {@code TokenAuth} decided for one request, for metrics and logs. Exposes the credential's
 * fingerprint, never the credential; the fingerprint is computed only when asked for, since
 * allowed requests rarely need it.
 */
public final class AuthDecision {

	private final String routeId;

	private final String policy;

	private final TokenError error;

	private final Credential credential;

	/**
	 * @param routeId the route's id, or {@code null} outside a route
	 * @param policy the inbound policy's name
	 * @param error why the request was denied, or {@code null} when it was allowed
	 * @param credential what the caller presented, or {@code null} when none was resolved
	 */
	public AuthDecision(String routeId, String policy, TokenError error, Credential credential) {
		this.routeId = routeId;
		this.policy = policy;
		this.error = error;
		this.credential = credential;
	}

	public String routeId() {
		return this.routeId;
	}

	public String policy() {
		return this.policy;
	}

	public TokenError error() {
		return this.error;
	}

	/** The credential's fingerprint (first 12 hex of its SHA-256), or {@code null} if none. */
	public String fingerprint() {
		return (this.credential != null) ? this.credential.fingerprint() : null;
	}

	public boolean allowed() {
		return this.error == null;
	}

	/** {@code allowed}, or the status of the denial: {@code 400}, {@code 401}, {@code 403}, {@code 503}. */
	public String outcome() {
		return allowed() ? "allowed" : Integer.toString(this.error.code().status().value());
	}

	/** The RFC 6750 error code, {@code missing_credential} for a bare 401, or {@code none}. */
	public String reason() {
		if (allowed()) {
			return "none";
		}
		String code = this.error.code().errorCode();
		return (code != null) ? code : "missing_credential";
	}

}
