package io.tokengate.upstream;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * {@code type: token-endpoint}: any HTTP endpoint that answers with a JSON token. The request
 * comes from a {@link TokenRequestTemplate}, rendered with the partition's value; the answer is
 * read by a {@link TokenResponseReader}. This one type covers ALO ({@code POST /v1/auth} with the
 * developer key, a JWT back), Albato ({@code data.sessionToken} with
 * {@code sessionTokenValidUntil}) and Contextual install tokens
 * ({@code GET /v3/users/token?installid=...}).
 * <p>
 * A non-2xx status, a connection failure or an unreadable body fails the fetch with an
 * {@link UpstreamFetchException}; the response body of an error is drained and never logged.
 * Timeouts are applied by the cache around every fetch.
 */
public final class TokenEndpointProvider implements UpstreamTokenProvider {

	private final WebClient webClient;

	private final TokenRequestTemplate request;

	private final TokenResponseReader reader;

	private final Clock clock;

	public TokenEndpointProvider(WebClient webClient, TokenRequestTemplate request, TokenResponseReader reader,
			Clock clock) {
		this.webClient = Objects.requireNonNull(webClient, "webClient");
		this.request = Objects.requireNonNull(request, "request");
		this.reader = Objects.requireNonNull(reader, "reader");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Mono<UpstreamToken> fetch(Partition partition) {
		return Mono.defer(() -> send(this.request.render(partition.variables())));
	}

	private Mono<UpstreamToken> send(TokenRequestTemplate.Rendered rendered) {
		WebClient.RequestBodySpec spec = this.webClient.method(rendered.method())
			.uri(rendered.uri())
			.headers((headers) -> {
				headers.setAccept(List.of(MediaType.APPLICATION_JSON));
				// configured headers win, Accept included
				headers.putAll(rendered.headers());
			});
		WebClient.RequestHeadersSpec<?> ready = (rendered.body() != null) ? spec.bodyValue(rendered.body()) : spec;
		return ready.exchangeToMono(this::read)
			.onErrorMap(WebClientRequestException.class,
					(ex) -> new UpstreamFetchException("the token endpoint could not be reached ("
							+ ex.getMostSpecificCause().getClass().getSimpleName() + ")"));
	}

	private Mono<UpstreamToken> read(ClientResponse response) {
		if (!response.statusCode().is2xxSuccessful()) {
			return response.releaseBody()
				.then(Mono.error(new UpstreamFetchException(
						"the token endpoint answered " + response.statusCode().value())));
		}
		return response.bodyToMono(byte[].class)
			.switchIfEmpty(Mono.error(() -> new UpstreamFetchException("the token response is empty")))
			.map((body) -> this.reader.read(body, this.clock.instant()));
	}

	@Override
	public String toString() {
		return "TokenEndpointProvider[" + this.request + ", " + this.reader + "]";
	}

}
