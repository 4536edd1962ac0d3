package io.tokengate.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokengate.gateway.AuthDecision;
import io.tokengate.gateway.AuthDecisionListener;

/**
 * Counts {@code TokenAuth} decisions as {@code tokengate.decisions}, tagged with route, policy,
 * outcome ({@code allowed}, {@code 400}, {@code 401}, {@code 403}, {@code 503}) and reason.
 * Counters are looked up once per tag combination, so the request path only increments.
 */
public final class DecisionMetrics implements AuthDecisionListener {

	static final String METER = "tokengate.decisions";

	private final MeterRegistry registry;

	private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

	public DecisionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onDecision(AuthDecision decision) {
		Key key = new Key(String.valueOf(decision.routeId()), decision.policy(), decision.outcome(),
				decision.reason());
		this.counters.computeIfAbsent(key, this::register).increment();
	}

	private Counter register(Key key) {
		return Counter.builder(METER)
			.description("TokenAuth decisions by route, policy and outcome")
			.tag("route", key.route())
			.tag("policy", key.policy())
			.tag("outcome", key.outcome())
			.tag("reason", key.reason())
			.register(this.registry);
	}

	private record Key(String route, String policy, String outcome, String reason) {
	}

}
