package io.tokengate.gateway;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configured upstream credentials by name, as {@code UpstreamToken=<name>} refers to them.
 * Also the entry point for operator tooling: every credential's cache is reachable from here.
 */
public final class UpstreamCredentials {

	private final Map<String, UpstreamCredential> credentials;

	public UpstreamCredentials(Collection<UpstreamCredential> credentials) {
		Map<String, UpstreamCredential> byName = new LinkedHashMap<>();
		for (UpstreamCredential credential : credentials) {
			if (byName.putIfAbsent(credential.name(), credential) != null) {
				throw new IllegalArgumentException("Duplicate upstream credential '" + credential.name() + "'");
			}
		}
		this.credentials = Collections.unmodifiableMap(byName);
	}

	public Optional<UpstreamCredential> find(String name) {
		return Optional.ofNullable(this.credentials.get(name));
	}

	public boolean contains(String name) {
		return this.credentials.containsKey(name);
	}

	public Collection<UpstreamCredential> all() {
		return this.credentials.values();
	}

	@Override
	public String toString() {
		return "UpstreamCredentials" + this.credentials.keySet();
	}

}
