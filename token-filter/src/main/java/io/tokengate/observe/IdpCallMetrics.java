package io.tokengate.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tokengate.authn.IdpCall;
import io.tokengate.authn.IdpCallListener;

/**
 * Times identity provider calls as {@code tokengate.idp.calls}, tagged with policy, kind
 * ({@code introspection}, {@code jwk-set}) and outcome ({@code success}, {@code failure}): the
 * timer's count is the number of calls, its total and maximum their latency.
 */
public final class IdpCallMetrics implements IdpCallListener {

	static final String METER = "tokengate.idp.calls";

	private final MeterRegistry registry;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	public IdpCallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onCall(IdpCall call) {
		String key = call.policy() + '\0' + call.kind() + '\0' + call.outcome();
		this.timers.computeIfAbsent(key, (k) -> Timer.builder(METER)
			.description("Calls to identity providers by policy, kind and outcome")
			.tag("policy", call.policy())
			.tag("kind", call.kind().tagValue())
			.tag("outcome", call.outcome())
			.register(this.registry)).record(call.duration());
	}

}
