package io.tokengate.gateway;

import io.tokengate.credential.Credential;
import io.tokengate.credential.TokenError;

/**
 * What {@code TokenAuth} decided for one request, for metrics and logs. Carries the credential's
 * fingerprint, never the credential.
 *
 * @param routeId the route's id, or {@code null} outside a route
 * @param policy the inbound policy's name
 * @param error why the request was denied, or {@code null} when it was allowed
 * @param fingerprint the credential's fingerprint, or {@code null} when none was resolved
 */
public record AuthDecision(String routeId, String policy, TokenError error, String fingerprint) {

	static AuthDecision of(String routeId, String policy, TokenError error, Credential credential) {
		return new AuthDecision(routeId, policy, error, (credential != null) ? credential.fingerprint() : null);
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
