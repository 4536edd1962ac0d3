package io.tokengate.authn;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import io.tokengate.credential.TokenError;
import io.tokengate.credential.TokenErrorException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * RFC 7662 introspection over a reactive {@link WebClient}: {@code POST} of the form
 * {@code token} and {@code token_type_hint=access_token}, the client authenticated with
 * {@code client_secret_basic} (id and secret form-urlencoded first, RFC 6749 §2.3.1) or
 * {@code client_secret_post}.
 * <p>
 * Every call is bounded by the timeout. An error status, a timeout, a connection failure or a
 * body that is not a JSON object with a boolean {@code active} is {@code 503} with
 * {@code Retry-After}: the caller's token was not judged, so it must not be told it is invalid.
 */
public final class WebClientTokenIntrospector implements TokenIntrospector {

	private static final Log logger = LogFactory.getLog(WebClientTokenIntrospector.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private final WebClient webClient;

	private final URI uri;

	private final String clientId;

	private final String clientSecret;

	private final ClientAuthentication clientAuthentication;

	private final Duration timeout;

	private final Duration retryAfter;

	private final IdpCallListener listener;

	private final String policy;

	private WebClientTokenIntrospector(Builder builder) {
		this.webClient = builder.webClient;
		this.uri = builder.uri;
		this.clientId = builder.clientId;
		this.clientSecret = builder.clientSecret;
		this.clientAuthentication = builder.clientAuthentication;
		this.timeout = builder.timeout;
		this.retryAfter = builder.retryAfter;
		this.listener = builder.listener;
		this.policy = builder.policy;
	}

	public static Builder builder(URI uri, String clientId, String clientSecret) {
		return new Builder(uri, clientId, clientSecret);
	}

	@Override
	public Mono<IntrospectionAnswer> introspect(String token) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return call(token).doOnSuccess((answer) -> record(start, answer != null))
				.doOnError((ex) -> record(start, false));
		});
	}

	private void record(long start, boolean succeeded) {
		this.listener.onCall(new IdpCall(this.policy, IdpCall.Kind.INTROSPECTION, succeeded,
				Duration.ofNanos(System.nanoTime() - start)));
	}

	private Mono<IntrospectionAnswer> call(String token) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", token);
		form.add("token_type_hint", "access_token");
		if (this.clientAuthentication == ClientAuthentication.CLIENT_SECRET_POST) {
			form.add("client_id", this.clientId);
			form.add("client_secret", this.clientSecret);
		}
		return this.webClient.post()
			.uri(this.uri)
			.headers(this::authenticate)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(this::read)
			.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof TokenErrorException), this::unavailable);
	}

	private void authenticate(HttpHeaders headers) {
		// answers are a few hundred bytes: compressing them buys nothing
		headers.set(HttpHeaders.ACCEPT_ENCODING, "identity");
		if (this.clientAuthentication == ClientAuthentication.CLIENT_SECRET_BASIC) {
			headers.setBasicAuth(formEncode(this.clientId), formEncode(this.clientSecret));
		}
	}

	private static String formEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private Mono<IntrospectionAnswer> read(ClientResponse response) {
		if (!response.statusCode().is2xxSuccessful()) {
			return response.releaseBody()
				.then(Mono.error(() -> unavailable("answered " + response.statusCode().value())));
		}
		return response.bodyToMono(String.class).defaultIfEmpty("").map(this::parse);
	}

	private IntrospectionAnswer parse(String body) {
		Map<String, Object> json;
		try {
			json = JSON.readValue(body, JSON_OBJECT);
		}
		catch (JacksonException ex) {
			throw unavailable("answered with a body that is not a JSON object");
		}
		if (json == null) {
			throw unavailable("answered with a body that is not a JSON object");
		}
		try {
			return IntrospectionAnswer.from(json);
		}
		catch (IllegalArgumentException ex) {
			throw unavailable("answered with an unreadable introspection response: " + ex.getMessage());
		}
	}

	private TokenErrorException unavailable(Throwable ex) {
		if (ex instanceof TimeoutException) {
			return unavailable("did not answer within " + this.timeout);
		}
		return unavailable("failed: " + ex.getClass().getSimpleName());
	}

	private TokenErrorException unavailable(String problem) {
		logger.warn("Introspection at " + this.uri + " " + problem);
		return TokenError.unavailable("The token could not be checked", this.retryAfter).toException();
	}

	@Override
	public String toString() {
		return "WebClientTokenIntrospector[uri=" + this.uri + ", clientId=" + this.clientId + ", "
				+ this.clientAuthentication.value() + ", timeout=" + this.timeout + "]";
	}

	/**
	 * Options of a {@link WebClientTokenIntrospector}. Defaults: {@code client_secret_basic},
	 * 2 s timeout, 5 s {@code Retry-After}, a plain {@link WebClient}.
	 */
	public static final class Builder {

		private final URI uri;

		private final String clientId;

		private final String clientSecret;

		private ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;

		private Duration timeout = Duration.ofSeconds(2);

		private Duration retryAfter = Duration.ofSeconds(5);

		private WebClient webClient;

		private IdpCallListener listener = IdpCallListener.NONE;

		private String policy = "";

		private Builder(URI uri, String clientId, String clientSecret) {
			this.uri = Objects.requireNonNull(uri, "uri");
			this.clientId = Objects.requireNonNull(clientId, "clientId");
			this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
		}

		public Builder clientAuthentication(ClientAuthentication clientAuthentication) {
			this.clientAuthentication = Objects.requireNonNull(clientAuthentication, "clientAuthentication");
			return this;
		}

		/** Bound on the whole call: connecting, sending, waiting and reading. */
		public Builder timeout(Duration timeout) {
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("timeout must be positive");
			}
			this.timeout = timeout;
			return this;
		}

		/** {@code Retry-After} of the 503 sent when the endpoint does not answer usefully. */
		public Builder retryAfter(Duration retryAfter) {
			this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
			return this;
		}

		public Builder webClient(WebClient webClient) {
			this.webClient = Objects.requireNonNull(webClient, "webClient");
			return this;
		}

		/** Told of every call, as one made by {@code policy}. */
		public Builder listener(IdpCallListener listener, String policy) {
			this.listener = Objects.requireNonNull(listener, "listener");
			this.policy = Objects.requireNonNull(policy, "policy");
			return this;
		}

		public WebClientTokenIntrospector build() {
			if (this.webClient == null) {
				this.webClient = WebClient.create();
			}
			return new WebClientTokenIntrospector(this);
		}

	}

}
