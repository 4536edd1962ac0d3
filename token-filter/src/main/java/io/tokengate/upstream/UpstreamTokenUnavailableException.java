package io.tokengate.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * No usable token exists for a credential and none could be obtained now. Carries the credential
 * name and when to try again, for a {@code 503} with {@code Retry-After}; never a secret. No stack
 * trace is captured: this is an expected outcome.
 */
public final class UpstreamTokenUnavailableException extends RuntimeException {

	private final String credential;

	private final Duration retryAfter;

	public UpstreamTokenUnavailableException(String credential, Duration retryAfter, String reason) {
		super("Upstream credential '" + credential + "' has no usable token: " + reason, null, false, false);
		this.credential = Objects.requireNonNull(credential, "credential");
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
	}

	public String credential() {
		return this.credential;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
