package io.tokengate.credential;

import org.springframework.http.HttpStatus;

/**
 * Why a request was denied, with the status and the RFC 6750 §3.1 error code it maps to.
 */
public enum TokenErrorCode {

	/** No credential in any accepted form: a bare challenge without error code (RFC 6750 §3.1). */
	CREDENTIAL_MISSING(HttpStatus.UNAUTHORIZED, null),

	/** Malformed, duplicated or oversized credential. */
	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid_request"),

	/** Unknown, expired, revoked or otherwise unacceptable credential. */
	INVALID_TOKEN(HttpStatus.UNAUTHORIZED, "invalid_token"),

	/** Valid credential without the scopes the route requires. */
	INSUFFICIENT_SCOPE(HttpStatus.FORBIDDEN, "insufficient_scope"),

	/** A dependency (identity provider, token endpoint) failed: the caller did nothing wrong. */
	TEMPORARILY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable");

	private final HttpStatus status;

	private final String errorCode;

	TokenErrorCode(HttpStatus status, String errorCode) {
		this.status = status;
		this.errorCode = errorCode;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** The RFC 6750 {@code error} value, or {@code null} when none is sent. */
	public String errorCode() {
		return this.errorCode;
	}

}
