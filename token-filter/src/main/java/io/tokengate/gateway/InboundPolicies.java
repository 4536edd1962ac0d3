package io.tokengate.gateway;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configured inbound policies by name, as {@code TokenAuth=<name>} refers to them.
 */
public final class InboundPolicies {

	private final Map<String, InboundPolicy> policies;

	public InboundPolicies(Collection<InboundPolicy> policies) {
		Map<String, InboundPolicy> byName = new LinkedHashMap<>();
		for (InboundPolicy policy : policies) {
			if (byName.putIfAbsent(policy.name(), policy) != null) {
				throw new IllegalArgumentException("Duplicate inbound policy '" + policy.name() + "'");
			}
		}
		this.policies = Collections.unmodifiableMap(byName);
	}

	public Optional<InboundPolicy> find(String name) {
		return Optional.ofNullable(this.policies.get(name));
	}

	public boolean contains(String name) {
		return this.policies.containsKey(name);
	}

	public Collection<InboundPolicy> all() {
		return this.policies.values();
	}

}
