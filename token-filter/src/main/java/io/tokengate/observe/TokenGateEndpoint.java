package io.tokengate.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.tokengate.authn.ValidationCache;
import io.tokengate.gateway.InboundPolicies;
import io.tokengate.gateway.InboundPolicy;
import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.gateway.UpstreamCredentials;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/tokengate}: every inbound policy (accepted forms, validators, cache statistics)
 * and every upstream credential (type, cached partitions with the expiry and last refresh of
 * each, last error, fetch counts). Never a secret or token value: tokens show as fingerprints.
 * <p>
 * With {@code tokengate.actuator.write-operations: true}, {@code DELETE} evicts at once:
 * <ul>
 * <li>{@code /actuator/tokengate/policies/<policy>}: every cached answer of the policy;</li>
 * <li>{@code /actuator/tokengate/policies/<policy>/<fingerprint>}: the answers about one
 * credential, by the fingerprint the denied-request log and this endpoint show;</li>
 * <li>{@code /actuator/tokengate/credentials/<credential>}: every cached upstream token of the
 * credential, so the next request fetches a new one.</li>
 * </ul>
 * Without it (the default) every {@code DELETE} answers 404 and changes nothing.
 */
@Endpoint(id = "tokengate")
public final class TokenGateEndpoint {

	static final String POLICIES = "policies";

	static final String CREDENTIALS = "credentials";

	private final InboundPolicies policies;

	private final UpstreamCredentials credentials;

	private final boolean writeOperations;

	/**
	 * @param credentials the upstream credentials, or {@code null} when there are none
	 * @param writeOperations whether {@code DELETE} evicts
	 */
	public TokenGateEndpoint(InboundPolicies policies, UpstreamCredentials credentials, boolean writeOperations) {
		this.policies = policies;
		this.credentials = credentials;
		this.writeOperations = writeOperations;
	}

	@ReadOperation
	public Map<String, Object> state() {
		Map<String, Object> policies = new LinkedHashMap<>();
		for (InboundPolicy policy : this.policies.all()) {
			policies.put(policy.name(), OperatorView.policy(policy));
		}
		Map<String, Object> credentials = new LinkedHashMap<>();
		if (this.credentials != null) {
			for (UpstreamCredential credential : this.credentials.all()) {
				credentials.put(credential.name(), OperatorView.credential(credential));
			}
		}
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("writeOperations", this.writeOperations);
		state.put(POLICIES, policies);
		state.put(CREDENTIALS, credentials);
		return state;
	}

	/** Evicts every cached answer of a policy, or every cached token of an upstream credential. */
	@DeleteOperation
	public WebEndpointResponse<Map<String, Object>> evictAll(@Selector String section, @Selector String name) {
		if (!this.writeOperations) {
			return notFound();
		}
		if (POLICIES.equals(section)) {
			return validationCache(name).map((cache) -> {
				long before = cache.estimatedSize();
				cache.invalidateAll();
				return ok(Map.of("policy", name, "evicted", before));
			}).orElseGet(TokenGateEndpoint::notFound);
		}
		if (CREDENTIALS.equals(section) && this.credentials != null) {
			return this.credentials.find(name).map((credential) -> {
				int before = credential.cache().snapshot().partitions().size();
				credential.cache().evictAll();
				return ok(Map.<String, Object>of("credential", name, "evicted", before));
			}).orElseGet(TokenGateEndpoint::notFound);
		}
		return notFound();
	}

	/** Evicts a policy's cached answers about the credential with this fingerprint. */
	@DeleteOperation
	public WebEndpointResponse<Map<String, Object>> evictCredential(@Selector String section, @Selector String name,
			@Selector String fingerprint) {
		if (!this.writeOperations || !POLICIES.equals(section)) {
			return notFound();
		}
		return validationCache(name)
			.map((cache) -> ok(Map.<String, Object>of("policy", name, "fingerprint", fingerprint, "evicted",
					cache.invalidate(fingerprint))))
			.orElseGet(TokenGateEndpoint::notFound);
	}

	private Optional<ValidationCache> validationCache(String policy) {
		return this.policies.find(policy).flatMap(InboundPolicy::validationCache);
	}

	private static WebEndpointResponse<Map<String, Object>> ok(Map<String, Object> body) {
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
	}

	private static WebEndpointResponse<Map<String, Object>> notFound() {
		return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
