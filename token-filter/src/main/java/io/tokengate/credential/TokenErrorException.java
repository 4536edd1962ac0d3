package io.tokengate.credential;

/**
 * Carries a {@link TokenError} through a reactive pipeline. Denials are expected outcomes, so no
 * stack trace is captured: they cost little and leave nothing sensitive in a trace.
 */
public final class TokenErrorException extends RuntimeException {

	private final transient TokenError error;

	public TokenErrorException(TokenError error) {
		super(error.code() + ": " + error.description(), null, false, false);
		this.error = error;
	}

	public TokenError error() {
		return this.error;
	}

}
