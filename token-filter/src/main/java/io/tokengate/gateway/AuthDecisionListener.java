package io.tokengate.gateway;

/**
 * Told of every {@code TokenAuth} decision, on the request path: implementations must be cheap
 * and must not block.
 */
@FunctionalInterface
public interface AuthDecisionListener {

	AuthDecisionListener NONE = (decision) -> {
	};

	void onDecision(AuthDecision decision);

}
