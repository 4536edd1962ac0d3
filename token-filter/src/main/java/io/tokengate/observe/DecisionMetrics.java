package io.tokengate.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokengate.credential.TokenErrorCode;
import io.tokengate.gateway.AuthDecision;
import io.tokengate.gateway.AuthDecisionListener;

/**
 * Counts {@code TokenAuth} decisions as {@code tokengate.decisions}, tagged with route, policy,
 * outcome ({@code allowed}, {@code 400}, {@code 401}, {@code 403}, {@code 503}) and reason.
 * Counters are registered once per tag combination and then found without allocating, so the
 * request path only increments.
 */
public final class DecisionMetrics implements AuthDecisionListener {

	static final String METER = "tokengate.decisions";

	private final MeterRegistry registry;

	/** Per route and policy, one counter per outcome: allowed, then each TokenErrorCode. */
	private final Map<String, Map<String, Counter[]>> counters = new ConcurrentHashMap<>();

	public DecisionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onDecision(AuthDecision decision) {
		String route = String.valueOf(decision.routeId());
		Counter[] byOutcome = this.counters.computeIfAbsent(route, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(decision.policy(), (policy) -> new Counter[TokenErrorCode.values().length + 1]);
		int index = decision.allowed() ? 0 : decision.error().code().ordinal() + 1;
		Counter counter = byOutcome[index];
		if (counter == null) {
			// a benign race: Micrometer returns the same counter for the same name and tags
			counter = register(route, decision);
			byOutcome[index] = counter;
		}
		counter.increment();
	}

	private Counter register(String route, AuthDecision decision) {
		return Counter.builder(METER)
			.description("TokenAuth decisions by route, policy and outcome")
			.tag("route", route)
			.tag("policy", decision.policy())
			.tag("outcome", decision.outcome())
			.tag("reason", decision.reason())
			.register(this.registry);
	}

}
