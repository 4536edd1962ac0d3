package io.tokengate.observe;

import io.tokengate.gateway.AuthDecision;
import io.tokengate.gateway.AuthDecisionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One line per denied request, in {@code key=value} form so log pipelines can parse it: route,
 * policy, status, reason and the credential's fingerprint (first 12 hex characters of its
 * SHA-256), never the credential itself.
 */
public final class DeniedRequestLog implements AuthDecisionListener {

	private static final Log logger = LogFactory.getLog(DeniedRequestLog.class);

	@Override
	public void onDecision(AuthDecision decision) {
		if (decision.allowed() || !logger.isInfoEnabled()) {
			return;
		}
		logger.info(line(decision));
	}

	static String line(AuthDecision decision) {
		return "denied route=" + decision.routeId() + " policy=" + decision.policy() + " status="
				+ decision.outcome() + " reason=" + decision.reason() + " credential="
				+ ((decision.fingerprint() != null) ? decision.fingerprint() : "none");
	}

}
