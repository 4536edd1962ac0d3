package io.tokengate.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tokengate.upstream.PartitionType;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the answers of {@code UpstreamToken} when a request cannot be forwarded with an
 * upstream credential: RFC 9457 {@code application/problem+json} naming the credential (its name
 * only, never a secret or a token). The caller did nothing wrong, so there is no
 * {@code WWW-Authenticate} challenge.
 * <ul>
 * <li>{@code 503} with {@code Retry-After} (RFC 9110 §10.2.3): no usable token, none obtainable now.</li>
 * <li>{@code 403}: the caller's identity lacks the value the credential is partitioned by, so no
 * token can ever be chosen for it.</li>
 * </ul>
 */
public final class UpstreamErrorResponder {

	public Mono<Void> unavailable(ServerWebExchange exchange, String credential, Duration retryAfter) {
		ServerHttpResponse response = exchange.getResponse();
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		return write(response, HttpStatus.SERVICE_UNAVAILABLE, credential,
				"No token for upstream credential '" + credential + "' can be obtained now", "temporarily_unavailable");
	}

	public Mono<Void> noPartition(ServerWebExchange exchange, String credential, PartitionType partition) {
		return write(exchange.getResponse(), HttpStatus.FORBIDDEN, credential, "Upstream credential '" + credential
				+ "' is per " + partition.configName() + " and the caller's identity has none", null);
	}

	private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String credential, String detail,
			String error) {
		Map<String, String> extensions = new LinkedHashMap<>();
		extensions.put("credential", credential);
		extensions.put("error", error);
		return ProblemResponse.write(response, status, detail, extensions);
	}

}
