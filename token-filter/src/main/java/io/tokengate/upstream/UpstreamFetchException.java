package io.tokengate.upstream;

/**
 * A token could not be obtained. The message says why in words that are safe to log and to show
 * an operator: it never contains a secret, a token, or a token endpoint's URI (which may carry
 * keys in its query). No stack trace is captured: this is an expected outcome.
 */
public final class UpstreamFetchException extends RuntimeException {

	public UpstreamFetchException(String message) {
		super(message, null, false, false);
	}

}
