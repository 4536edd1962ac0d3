package io.tokengate.observe;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Whether one identity provider or token endpoint answers: a {@code HEAD} bounded by a timeout.
 * Any answer below 500 is {@code UP} (a token endpoint may well say 401 or 405 to a bare
 * {@code HEAD}); a 5xx, a timeout or a connection failure is {@link #UNREACHABLE}, a status the
 * default aggregation ignores, so one unreachable dependency never turns the application's health
 * {@code DOWN}. The details name the endpoint without query or user info, never a credential.
 */
final class EndpointReachability implements ReactiveHealthIndicator {

	/** An unreachable dependency: shown, but not part of the application's aggregated status. */
	static final Status UNREACHABLE = new Status("UNREACHABLE", "The endpoint did not answer usefully");

	private final WebClient webClient;

	private final URI uri;

	private final Duration timeout;

	EndpointReachability(WebClient webClient, URI uri, Duration timeout) {
		this.webClient = webClient;
		this.uri = uri;
		this.timeout = timeout;
	}

	@Override
	public Mono<Health> health() {
		String shown = shown(this.uri);
		return this.webClient.head()
			.uri(this.uri)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.timeout(this.timeout)
			.map((status) -> ((status < 500) ? Health.up() : Health.status(UNREACHABLE)).withDetail("uri", shown)
				.withDetail("status", status)
				.build())
			.onErrorResume((ex) -> Mono.just(Health.status(UNREACHABLE)
				.withDetail("uri", shown)
				.withDetail("error", (ex instanceof TimeoutException) ? "no answer within " + this.timeout
						: ex.getClass().getSimpleName())
				.build()));
	}

	/** Scheme, host, port and path only. */
	static String shown(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "")
				+ ((uri.getRawPath() != null) ? uri.getRawPath() : "");
	}

}
