package io.tokengate.observe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.Sha256;
import io.tokengate.credential.TokenError;
import io.tokengate.gateway.AuthDecision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DecisionMetrics metrics = new DecisionMetrics(this.registry);

	@Test
	void onDecisionCountsByRoutePolicyOutcomeAndReason() {
		this.metrics.onDecision(new AuthDecision("orders", "partners", null, Credential.bearer("abc")));
		this.metrics.onDecision(new AuthDecision("orders", "partners", null, Credential.bearer("abc")));
		this.metrics.onDecision(new AuthDecision("orders", "partners",
				TokenError.invalidToken(CredentialScheme.BEARER, "expired"), Credential.bearer("abc")));
		this.metrics.onDecision(new AuthDecision("orders", "partners", TokenError.missing(), null));

		assertThat(count("allowed", "none")).isEqualTo(2.0);
		assertThat(count("401", "invalid_token")).isEqualTo(1.0);
		assertThat(count("401", "missing_credential")).isEqualTo(1.0);
	}

	@Test
	void deniedLineCarriesFingerprintNeverCredential() {
		Credential credential = Credential.bearer("secret-token-value");
		String line = DeniedRequestLog.line(new AuthDecision("orders", "partners",
				TokenError.invalidToken(CredentialScheme.BEARER, "expired"), credential));
		assertThat(line).isEqualTo("denied route=orders policy=partners status=401 reason=invalid_token credential="
				+ Sha256.hex("secret-token-value").substring(0, 12));
		assertThat(line).doesNotContain("secret-token-value");
	}

	private double count(String outcome, String reason) {
		return this.registry.get("tokengate.decisions")
			.tag("route", "orders")
			.tag("policy", "partners")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.counter()
			.count();
	}

}
