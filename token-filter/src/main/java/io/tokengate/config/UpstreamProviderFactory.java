package io.tokengate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;

import io.tokengate.config.UpstreamCredentialFactory.UpstreamType;
import io.tokengate.upstream.AgoraChatTokenProvider;
import io.tokengate.upstream.OAuth2ClientCredentialsProvider;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.StaticTokenProvider;
import io.tokengate.upstream.TokenEndpointProvider;
import io.tokengate.upstream.TokenRequestTemplate;
import io.tokengate.upstream.TokenResponseReader;
import io.tokengate.upstream.UpstreamTokenProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds and checks the provider of one credential type. Secrets are checked for presence and
 * shape only; no message ever repeats them.
 */
final class UpstreamProviderFactory {

	/** ALO's documented bounds for {@code ttl}, in minutes (one minute to one year). */
	static final long ALO_MIN_TTL = 1;

	static final long ALO_MAX_TTL = 525_600;

	private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> SAMPLE = Map.of("subject", "sample", "app", "sample", "installId",
			"sample");

	private final WebClient webClient;

	private final Clock clock;

	UpstreamProviderFactory(WebClient webClient, Clock clock) {
		this.webClient = webClient;
		this.clock = clock;
	}

	UpstreamTokenProvider create(String prefix, UpstreamType type, PartitionType partition,
			UpstreamCredentialProperties properties) {
		if (properties.getVendor() != null && type != UpstreamType.TOKEN_ENDPOINT) {
			throw new TokenGateConfigurationException(prefix + ".vendor", "only applies to type token-endpoint");
		}
		return switch (type) {
			case OAUTH2_CLIENT_CREDENTIALS -> oauth2(prefix, partition, properties);
			case TOKEN_ENDPOINT -> tokenEndpoint(prefix, partition, properties);
			case AGORA_CHAT -> agora(prefix, partition, properties);
			case STATIC -> staticToken(prefix, partition, properties);
		};
	}

	private UpstreamTokenProvider oauth2(String prefix, PartitionType partition,
			UpstreamCredentialProperties properties) {
		unpartitioned(prefix, partition, "oauth2-client-credentials tokens belong to the client, not to a caller");
		String tokenUri = required(prefix + ".token-uri", properties.getTokenUri());
		if (TokenRequestTemplate.VARIABLE.matcher(tokenUri).find()) {
			throw new TokenGateConfigurationException(prefix + ".token-uri", "must not use placeholders");
		}
		httpUri(prefix + ".token-uri", tokenUri);
		String method = properties.getClientAuthentication();
		boolean basic = "client_secret_basic".equals(method);
		if (!basic && !"client_secret_post".equals(method)) {
			throw new TokenGateConfigurationException(prefix + ".client-authentication",
					"unknown value '" + method + "'; expected client_secret_post or client_secret_basic");
		}
		return OAuth2ClientCredentialsProvider.builder(this.webClient, this.clock)
			.tokenUri(tokenUri)
			.clientId(required(prefix + ".client-id", properties.getClientId()))
			.clientSecret(required(prefix + ".client-secret", properties.getClientSecret()))
			.basicAuthentication(basic)
			.scope(properties.getScope())
			.audience(properties.getAudience())
			.defaultTtl(UpstreamCredentialFactory.positive(prefix + ".response.default-ttl",
					properties.getResponse().getDefaultTtl()))
			.build();
	}

	private UpstreamTokenProvider tokenEndpoint(String prefix, PartitionType partition,
			UpstreamCredentialProperties properties) {
		TokenRequestTemplate request = request(prefix + ".request", properties.getRequest());
		for (String variable : request.variables()) {
			if (!variable.equals(partition.variable())) {
				throw new TokenGateConfigurationException(prefix + ".request", "uses {" + variable
						+ "}, but tokens are partitioned by " + partition.configName()
						+ ", so callers would share them; set " + prefix + ".partition to match");
			}
		}
		if (properties.getVendor() != null) {
			vendor(prefix, properties.getVendor(), request);
		}
		return new TokenEndpointProvider(this.webClient, request, reader(prefix + ".response", properties.getResponse()),
				this.clock);
	}

	private static TokenRequestTemplate request(String prefix, UpstreamCredentialProperties.Request request) {
		HttpMethod method = method(prefix + ".method", request.getMethod());
		String uri = required(prefix + ".uri", request.getUri());
		Map<String, String> headers = new LinkedHashMap<>();
		MediaType contentType = null;
		for (Map.Entry<String, String> header : request.getHeaders().entrySet()) {
			String property = prefix + ".headers." + header.getKey();
			UpstreamCredentialFactory.name(property, header.getKey(), "header");
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(header.getKey())) {
				contentType = mediaType(property, header.getValue());
			}
			else {
				headers.put(header.getKey(), (header.getValue() != null) ? header.getValue() : "");
			}
		}
		String body = request.getBody();
		if (body != null && contentType == null) {
			contentType = MediaType.APPLICATION_JSON;
		}
		TokenRequestTemplate template;
		try {
			template = new TokenRequestTemplate(method, uri, headers, body, (body != null) ? contentType : null);
		}
		catch (IllegalArgumentException ex) {
			throw new TokenGateConfigurationException(prefix, ex.getMessage());
		}
		if (!template.bodyVariables().isEmpty() && !TokenRequestTemplate.canEscapeFor(contentType)) {
			throw new TokenGateConfigurationException(prefix + ".body",
					"placeholders need a JSON or form Content-Type, not " + contentType);
		}
		TokenRequestTemplate.Rendered sample;
		try {
			sample = template.render(SAMPLE);
		}
		catch (IllegalArgumentException ex) {
			throw new TokenGateConfigurationException(prefix + ".uri", "must be an absolute http or https URI");
		}
		httpUri(prefix + ".uri", sample.uri().toString());
		if (body != null && MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
			json(prefix + ".body", sample.body());
		}
		return template;
	}

	/** Start-up checks for a vendor whose token request has documented limits. */
	private static void vendor(String prefix, String vendor, TokenRequestTemplate request) {
		if (!"alo".equals(vendor.trim().toLowerCase(Locale.ROOT))) {
			throw new TokenGateConfigurationException(prefix + ".vendor", "unknown vendor '" + vendor
					+ "'; expected alo");
		}
		if (request.body() == null || !MediaType.APPLICATION_JSON.isCompatibleWith(request.contentType())) {
			throw new TokenGateConfigurationException(prefix + ".request.body",
					"ALO needs a JSON body with user.id and ttl");
		}
		JsonNode body = json(prefix + ".request.body", request.render(SAMPLE).body());
		if (!body.at("/user/id").isString()) {
			throw new TokenGateConfigurationException(prefix + ".request.body", "ALO needs user.id, a string");
		}
		JsonNode ttl = body.at("/ttl");
		if (!ttl.isMissingNode()) {
			boolean inRange = ttl.isIntegralNumber() && ttl.canConvertToLong() && ttl.longValue() >= ALO_MIN_TTL
					&& ttl.longValue() <= ALO_MAX_TTL;
			if (!inRange) {
				throw new TokenGateConfigurationException(prefix + ".request.body", "ALO's ttl is whole minutes from "
						+ ALO_MIN_TTL + " to " + ALO_MAX_TTL + ", was " + ttl);
			}
		}
	}

	private static TokenResponseReader reader(String prefix, UpstreamCredentialProperties.Response response) {
		String token = required(prefix + ".token", response.getToken());
		pointer(prefix + ".token", token);
		pointer(prefix + ".expires-in", response.getExpiresIn());
		pointer(prefix + ".expires-at", response.getExpiresAt());
		Duration defaultTtl = UpstreamCredentialFactory.positive(prefix + ".default-ttl", response.getDefaultTtl());
		return new TokenResponseReader(token, response.getExpiresIn(), response.getExpiresAt(), defaultTtl);
	}

	private UpstreamTokenProvider agora(String prefix, PartitionType partition,
			UpstreamCredentialProperties properties) {
		String appId = required(prefix + ".app-id", properties.getAppId());
		if (!appId.matches("[0-9a-fA-F]{32}")) {
			throw new TokenGateConfigurationException(prefix + ".app-id", "must be 32 hex characters");
		}
		String certificate = required(prefix + ".app-certificate", properties.getAppCertificate());
		if (!certificate.matches("[0-9a-fA-F]{32}")) {
			throw new TokenGateConfigurationException(prefix + ".app-certificate", "must be 32 hex characters");
		}
		Duration ttl = UpstreamCredentialFactory.positive(prefix + ".ttl", properties.getTtl());
		if (ttl.compareTo(AgoraChatTokenProvider.MAX_TTL) > 0) {
			throw new TokenGateConfigurationException(prefix + ".ttl",
					"must be at most 24h, Agora Chat's limit, was " + ttl);
		}
		if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new TokenGateConfigurationException(prefix + ".ttl", "must be at least 1s, was " + ttl);
		}
		String role = String.valueOf(properties.getRole()).trim().toLowerCase(Locale.ROOT);
		AgoraChatTokenProvider.Role chatRole = switch (role) {
			case "app" -> AgoraChatTokenProvider.Role.APP;
			case "user" -> AgoraChatTokenProvider.Role.USER;
			default -> throw new TokenGateConfigurationException(prefix + ".role",
					"unknown value '" + properties.getRole() + "'; expected app or user");
		};
		if (chatRole == AgoraChatTokenProvider.Role.USER && partition != PartitionType.SUBJECT) {
			throw new TokenGateConfigurationException(prefix + ".partition",
					"agora-chat user tokens are minted per subject; use subject");
		}
		if (chatRole == AgoraChatTokenProvider.Role.APP) {
			unpartitioned(prefix, partition, "an agora-chat app token is the same for every caller");
		}
		return new AgoraChatTokenProvider(appId, certificate, chatRole, ttl, this.clock);
	}

	private UpstreamTokenProvider staticToken(String prefix, PartitionType partition,
			UpstreamCredentialProperties properties) {
		unpartitioned(prefix, partition, "a static token is the same for every caller");
		String token = required(prefix + ".token", properties.getToken());
		if (!token.chars().allMatch((c) -> c >= 0x21 && c <= 0x7E)) {
			throw new TokenGateConfigurationException(prefix + ".token", "must be printable ASCII without spaces");
		}
		return new StaticTokenProvider(token, this.clock);
	}

	private static void unpartitioned(String prefix, PartitionType partition, String why) {
		if (partition.isPartitioned()) {
			throw new TokenGateConfigurationException(prefix + ".partition", why + "; use none");
		}
	}

	private static String required(String property, String value) {
		if (value == null || value.isBlank()) {
			throw new TokenGateConfigurationException(property, "is required");
		}
		return value;
	}

	private static HttpMethod method(String property, String value) {
		String name = required(property, value).trim().toUpperCase(Locale.ROOT);
		if (!METHODS.contains(name)) {
			throw new TokenGateConfigurationException(property, "unknown HTTP method '" + value + "'; expected one of "
					+ String.join(", ", METHODS));
		}
		return HttpMethod.valueOf(name);
	}

	private static MediaType mediaType(String property, String value) {
		try {
			return MediaType.parseMediaType(value);
		}
		catch (InvalidMediaTypeException ex) {
			throw new TokenGateConfigurationException(property, "'" + value + "' is not a media type");
		}
	}

	private static void httpUri(String property, String value) {
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
				throw new TokenGateConfigurationException(property, "must be an absolute http or https URI");
			}
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw new TokenGateConfigurationException(property, "must be an absolute http or https URI");
		}
	}

	private static JsonNode json(String property, byte[] body) {
		try {
			JsonNode node = JSON.readTree(body);
			if (node == null || node.isMissingNode()) {
				throw new TokenGateConfigurationException(property, "is empty");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new TokenGateConfigurationException(property,
					"is not valid JSON (placeholders belong inside JSON strings)");
		}
	}

	private static void pointer(String property, String value) {
		if (value == null) {
			return;
		}
		if (!value.startsWith("/")) {
			throw new TokenGateConfigurationException(property,
					"'" + value + "' is not a JSON pointer (RFC 6901), e.g. /access_token");
		}
		try {
			tools.jackson.core.JsonPointer.compile(value);
		}
		catch (IllegalArgumentException ex) {
			throw new TokenGateConfigurationException(property, "'" + value + "' is not a JSON pointer (RFC 6901)");
		}
	}

}
