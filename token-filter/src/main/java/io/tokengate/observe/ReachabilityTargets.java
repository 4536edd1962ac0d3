package io.tokengate.observe;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tokengate.config.InboundPolicyProperties;
import io.tokengate.config.TokenGateProperties;

/**
 * The remote endpoints the configuration depends on, by health contributor name: each policy's
 * introspection endpoint ({@code <policy>-introspection}) and JWK Set ({@code <policy>-jwk-set}),
 * each upstream credential's token endpoint ({@code <credential>-token-endpoint}). A request URI
 * with placeholders is checked at its origin ({@code scheme://host:port/}).
 */
final class ReachabilityTargets {

	private ReachabilityTargets() {
	}

	static Map<String, URI> of(TokenGateProperties properties) {
		Map<String, URI> targets = new LinkedHashMap<>();
		properties.getInbound().forEach((name, policy) -> inbound(targets, name, policy));
		properties.getUpstream().forEach((name, credential) -> {
			String uri = switch (String.valueOf(credential.getType()).trim()) {
				case "oauth2-client-credentials" -> credential.getTokenUri();
				case "token-endpoint" -> credential.getRequest().getUri();
				default -> null;
			};
			put(targets, name + "-token-endpoint", uri);
		});
		return targets;
	}

	private static void inbound(Map<String, URI> targets, String name, InboundPolicyProperties policy) {
		if (policy.getIntrospection() != null) {
			put(targets, name + "-introspection", policy.getIntrospection().getUri());
		}
		if (policy.getJwt() != null) {
			put(targets, name + "-jwk-set", policy.getJwt().getJwkSetUri());
		}
	}

	private static void put(Map<String, URI> targets, String name, String uri) {
		if (uri == null || uri.isBlank()) {
			return;
		}
		try {
			if (uri.contains("{")) {
				URI origin = URI.create(uri.substring(0, uri.indexOf('{')));
				if (origin.getHost() != null) {
					targets.put(name, new URI(origin.getScheme(), null, origin.getHost(), origin.getPort(), "/", null,
							null));
				}
				return;
			}
			targets.put(name, URI.create(uri));
		}
		catch (IllegalArgumentException | java.net.URISyntaxException ex) {
			// start-up validation has already rejected it; nothing to check
		}
	}

}
