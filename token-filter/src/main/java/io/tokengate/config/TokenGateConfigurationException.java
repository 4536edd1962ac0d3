package io.tokengate.config;

/**
 * Invalid {@code tokengate} configuration. The message is one line: the property, then what is
 * wrong with it. No secret value is ever part of it.
 */
public final class TokenGateConfigurationException extends RuntimeException {

	private final String property;

	public TokenGateConfigurationException(String property, String problem) {
		super(property + ": " + problem);
		this.property = property;
	}

	public String property() {
		return this.property;
	}

}
