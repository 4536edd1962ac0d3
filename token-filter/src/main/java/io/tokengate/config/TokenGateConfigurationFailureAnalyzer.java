package io.tokengate.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports invalid configuration as Spring Boot's short start-up failure report: the property
 * and what is wrong, instead of a wall of stack trace.
 */
public final class TokenGateConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<TokenGateConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TokenGateConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct " + cause.property() + " (see docs/configuration.md) and start again.", cause);
	}

}
