package io.tokengate.upstream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code type: oauth2-client-credentials}: the OAuth 2.0 client credentials grant
 * (RFC 6749 §4.4), as Aluma uses it. The client authenticates with {@code client_id} and
 * {@code client_secret} in the form body ({@code client_secret_post}, the default, RFC 6749
 * §2.3.1) or with HTTP Basic ({@code client_secret_basic}, each part form-encoded first as §2.3.1
 * requires). {@code scope} (§3.3) and {@code audience} are sent only when configured.
 * <p>
 * The lifetime comes from {@code expires_in} (§5.1), never from an assumption: token lifetimes
 * change. Without it the token's JWT {@code exp} is used, else the configured default.
 */
public final class OAuth2ClientCredentialsProvider implements UpstreamTokenProvider {

	private final TokenEndpointProvider endpoint;

	private OAuth2ClientCredentialsProvider(Builder builder) {
		Objects.requireNonNull(builder.tokenUri, "tokenUri");
		Objects.requireNonNull(builder.clientId, "clientId");
		Objects.requireNonNull(builder.clientSecret, "clientSecret");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		Map<String, String> headers = new LinkedHashMap<>();
		if (builder.basic) {
			String credentials = formEncode(builder.clientId) + ":" + formEncode(builder.clientSecret);
			headers.put(HttpHeaders.AUTHORIZATION,
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		else {
			form.put("client_id", builder.clientId);
			form.put("client_secret", builder.clientSecret);
		}
		if (builder.scope != null) {
			form.put("scope", builder.scope);
		}
		if (builder.audience != null) {
			form.put("audience", builder.audience);
		}
		StringJoiner body = new StringJoiner("&");
		form.forEach((name, value) -> body.add(formEncode(name) + "=" + formEncode(value)));
		// form encoding turns braces into %7B/%7D, so a secret can never read as a placeholder
		TokenRequestTemplate request = new TokenRequestTemplate(HttpMethod.POST, builder.tokenUri, headers,
				body.toString(), MediaType.APPLICATION_FORM_URLENCODED);
		TokenResponseReader reader = new TokenResponseReader("/access_token", "/expires_in", null,
				builder.defaultTtl);
		this.endpoint = new TokenEndpointProvider(builder.webClient, request, reader, builder.clock);
	}

	public static Builder builder(WebClient webClient, Clock clock) {
		return new Builder(webClient, clock);
	}

	@Override
	public Mono<UpstreamToken> fetch(Partition partition) {
		return this.endpoint.fetch(partition);
	}

	private static String formEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "OAuth2ClientCredentialsProvider";
	}

	/** Builds the provider; {@code client_secret_post} unless {@link #basicAuthentication(boolean)}. */
	public static final class Builder {

		private final WebClient webClient;

		private final Clock clock;

		private String tokenUri;

		private String clientId;

		private String clientSecret;

		private boolean basic;

		private String scope;

		private String audience;

		private Duration defaultTtl = Duration.ofMinutes(5);

		private Builder(WebClient webClient, Clock clock) {
			this.webClient = webClient;
			this.clock = clock;
		}

		public Builder tokenUri(String tokenUri) {
			this.tokenUri = tokenUri;
			return this;
		}

		public Builder clientId(String clientId) {
			this.clientId = clientId;
			return this;
		}

		public Builder clientSecret(String clientSecret) {
			this.clientSecret = clientSecret;
			return this;
		}

		/** {@code client_secret_basic} when true, {@code client_secret_post} (the default) when false. */
		public Builder basicAuthentication(boolean basic) {
			this.basic = basic;
			return this;
		}

		public Builder scope(String scope) {
			this.scope = scope;
			return this;
		}

		public Builder audience(String audience) {
			this.audience = audience;
			return this;
		}

		public Builder defaultTtl(Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
			return this;
		}

		public OAuth2ClientCredentialsProvider build() {
			return new OAuth2ClientCredentialsProvider(this);
		}

	}

}
