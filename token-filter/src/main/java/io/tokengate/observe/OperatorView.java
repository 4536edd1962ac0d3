package io.tokengate.observe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.gateway.InboundPolicy;
import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.upstream.UpstreamCacheSnapshot;
import io.tokengate.upstream.UpstreamTokenCache;

/**
 * What {@code /actuator/tokengate} shows of a policy and of an upstream credential, as plain maps
 * of strings, numbers and booleans (instants as ISO-8601 text). Tokens appear only as
 * fingerprints; no secret, key or token value is ever read.
 */
final class OperatorView {

	private OperatorView() {
	}

	static Map<String, Object> policy(InboundPolicy policy) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("realm", policy.realm());
		view.put("accept", policy.accepted().stream().map(CredentialScheme::configName).toList());
		view.put("requiredScopes", policy.requiredScopes());
		view.put("validators", policy.validator().toString());
		view.put("cache", policy.validationCache().map(OperatorView::cache).orElse(null));
		return view;
	}

	private static Map<String, Object> cache(ValidationCache cache) {
		CacheStats stats = cache.stats();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("size", cache.estimatedSize());
		view.put("staleSize", cache.estimatedStaleSize());
		view.put("maxEntries", cache.maxEntries());
		view.put("hits", stats.hitCount());
		view.put("misses", stats.missCount());
		view.put("evictions", stats.evictionCount());
		return view;
	}

	static Map<String, Object> credential(UpstreamCredential credential) {
		UpstreamTokenCache cache = credential.cache();
		UpstreamCacheSnapshot snapshot = cache.snapshot();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("type", credential.type());
		view.put("partition", credential.partition().configName());
		view.put("inject", credential.injection().toString());
		view.put("retryOnUnauthorized", credential.retryOnUnauthorized());
		view.put("fetches", snapshot.fetches());
		view.put("succeededFetches", cache.succeededFetches());
		view.put("failedFetches", snapshot.failedFetches());
		view.put("lastError", (snapshot.lastError() != null) ? error(snapshot.lastError()) : null);
		List<Map<String, Object>> partitions = new ArrayList<>();
		for (UpstreamCacheSnapshot.PartitionState state : snapshot.partitions()) {
			partitions.add(partition(state));
		}
		view.put("partitions", partitions);
		return view;
	}

	private static Map<String, Object> error(UpstreamCacheSnapshot.FetchError error) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("at", text(error.at()));
		view.put("reason", error.reason());
		return view;
	}

	private static Map<String, Object> partition(UpstreamCacheSnapshot.PartitionState state) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("partition", state.partition().toString());
		view.put("fingerprint", state.fingerprint());
		view.put("refreshedAt", text(state.issuedAt()));
		view.put("expiresAt", text(state.expiresAt()));
		view.put("refreshAt", text(state.refreshAt()));
		view.put("usable", state.usable());
		view.put("failures", state.failures());
		view.put("nextAttemptAt", text(state.nextAttemptAt()));
		view.put("lastError", state.lastError());
		return view;
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
