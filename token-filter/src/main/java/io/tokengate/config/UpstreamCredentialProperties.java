package io.tokengate.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.unit.DataSize;

/**
 * {@code tokengate.upstream.<name>}: one upstream credential, referenced from routes as
 * {@code UpstreamToken=<name>}. Which properties apply depends on {@code type}; the common ones
 * (injection, timing, 401 replay) apply to every type. Defaults are those documented in
 * {@code docs/upstream.md}.
 */
public class UpstreamCredentialProperties {

	/** oauth2-client-credentials, token-endpoint, agora-chat or static. */
	private String type;

	/** none, subject, app or install-id: one token per value of the caller's identity. */
	private String partition;

	/** oauth2-client-credentials: the token endpoint. */
	private String tokenUri;

	/** oauth2-client-credentials: the client id. */
	private String clientId;

	/** oauth2-client-credentials: the client secret. */
	private String clientSecret;

	/** oauth2-client-credentials: client_secret_post (default) or client_secret_basic. */
	private String clientAuthentication = "client_secret_post";

	/** oauth2-client-credentials: scope to request, space-separated. */
	private String scope;

	/** oauth2-client-credentials: audience to request. */
	private String audience;

	/** token-endpoint: the request to send. */
	private Request request = new Request();

	/** token-endpoint and oauth2-client-credentials: how to read the answer. */
	private Response response = new Response();

	/** token-endpoint: start-up checks for a known vendor's request, e.g. "alo". */
	private String vendor;

	/** agora-chat: the app id. */
	private String appId;

	/** agora-chat: the app certificate. */
	private String appCertificate;

	/** agora-chat: app (REST API token) or user (one per subject). */
	private String role = "app";

	/** agora-chat: token validity, at most 24h. */
	private Duration ttl = Duration.ofHours(24);

	/** static: the fixed token. */
	private String token;

	/** Where the token goes on the forwarded request. */
	private Inject inject = new Inject();

	/** A token is not sent from its expiry minus this. */
	private Duration clockSkew = Duration.ofSeconds(30);

	/** Fraction of a token's lifetime after which it is refreshed in the background. */
	private double refreshAhead = 0.8;

	/** On an upstream 401, renew the token and replay the request once. */
	private boolean retryOnUnauthorized = true;

	/** Largest request body kept in memory to replay after a 401; larger bodies are not replayed. */
	private DataSize replayBodyLimit = DataSize.ofKilobytes(64);

	/** Longest wait for one token fetch. */
	private Duration timeout = Duration.ofSeconds(5);

	/** Most partitions (per-user tokens) kept. */
	private long maxPartitions = 10_000;

	/** A partition unused this long is dropped. */
	private Duration idleExpiry = Duration.ofMinutes(30);

	/** Backoff between failed fetches. */
	private Backoff backoff = new Backoff();

	public String getType() {
		return this.type;
	}

	public void setType(String type) {
		this.type = type;
	}

	public String getPartition() {
		return this.partition;
	}

	public void setPartition(String partition) {
		this.partition = partition;
	}

	public String getTokenUri() {
		return this.tokenUri;
	}

	public void setTokenUri(String tokenUri) {
		this.tokenUri = tokenUri;
	}

	public String getClientId() {
		return this.clientId;
	}

	public void setClientId(String clientId) {
		this.clientId = clientId;
	}

	public String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public String getClientAuthentication() {
		return this.clientAuthentication;
	}

	public void setClientAuthentication(String clientAuthentication) {
		this.clientAuthentication = clientAuthentication;
	}

	public String getScope() {
		return this.scope;
	}

	public void setScope(String scope) {
		this.scope = scope;
	}

	public String getAudience() {
		return this.audience;
	}

	public void setAudience(String audience) {
		this.audience = audience;
	}

	public Request getRequest() {
		return this.request;
	}

	public void setRequest(Request request) {
		this.request = request;
	}

	public Response getResponse() {
		return this.response;
	}

	public void setResponse(Response response) {
		this.response = response;
	}

	public String getVendor() {
		return this.vendor;
	}

	public void setVendor(String vendor) {
		this.vendor = vendor;
	}

	public String getAppId() {
		return this.appId;
	}

	public void setAppId(String appId) {
		this.appId = appId;
	}

	public String getAppCertificate() {
		return this.appCertificate;
	}

	public void setAppCertificate(String appCertificate) {
		this.appCertificate = appCertificate;
	}

	public String getRole() {
		return this.role;
	}

	public void setRole(String role) {
		this.role = role;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

	public Inject getInject() {
		return this.inject;
	}

	public void setInject(Inject inject) {
		this.inject = inject;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public double getRefreshAhead() {
		return this.refreshAhead;
	}

	public void setRefreshAhead(double refreshAhead) {
		this.refreshAhead = refreshAhead;
	}

	public boolean isRetryOnUnauthorized() {
		return this.retryOnUnauthorized;
	}

	public void setRetryOnUnauthorized(boolean retryOnUnauthorized) {
		this.retryOnUnauthorized = retryOnUnauthorized;
	}

	public DataSize getReplayBodyLimit() {
		return this.replayBodyLimit;
	}

	public void setReplayBodyLimit(DataSize replayBodyLimit) {
		this.replayBodyLimit = replayBodyLimit;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public long getMaxPartitions() {
		return this.maxPartitions;
	}

	public void setMaxPartitions(long maxPartitions) {
		this.maxPartitions = maxPartitions;
	}

	public Duration getIdleExpiry() {
		return this.idleExpiry;
	}

	public void setIdleExpiry(Duration idleExpiry) {
		this.idleExpiry = idleExpiry;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	public void setBackoff(Backoff backoff) {
		this.backoff = backoff;
	}

	/** {@code tokengate.upstream.<name>.request}: the token request of a token-endpoint credential. */
	public static class Request {

		/** HTTP method. */
		private String method = "POST";

		/** Absolute URI; may use {subject}, {app}, {installId} (URL-encoded). */
		private String uri;

		/** Headers; values may use the placeholders. */
		private Map<String, String> headers = new LinkedHashMap<>();

		/** Body; may use the placeholders (JSON- or form-escaped per Content-Type). */
		private String body;

		public String getMethod() {
			return this.method;
		}

		public void setMethod(String method) {
			this.method = method;
		}

		public String getUri() {
			return this.uri;
		}

		public void setUri(String uri) {
			this.uri = uri;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public String getBody() {
			return this.body;
		}

		public void setBody(String body) {
			this.body = body;
		}

	}

	/** {@code tokengate.upstream.<name>.response}: where the token and its expiry are in the answer. */
	public static class Response {

		/** JSON pointer to the token. */
		private String token;

		/** JSON pointer to its lifetime in seconds. */
		private String expiresIn;

		/** JSON pointer to its expiry in epoch seconds. */
		private String expiresAt;

		/** Lifetime when neither pointer nor the token's JWT exp says. */
		private Duration defaultTtl = Duration.ofMinutes(5);

		public String getToken() {
			return this.token;
		}

		public void setToken(String token) {
			this.token = token;
		}

		public String getExpiresIn() {
			return this.expiresIn;
		}

		public void setExpiresIn(String expiresIn) {
			this.expiresIn = expiresIn;
		}

		public String getExpiresAt() {
			return this.expiresAt;
		}

		public void setExpiresAt(String expiresAt) {
			this.expiresAt = expiresAt;
		}

		public Duration getDefaultTtl() {
			return this.defaultTtl;
		}

		public void setDefaultTtl(Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
		}

	}

	/** {@code tokengate.upstream.<name>.inject}: where the token goes. */
	public static class Inject {

		/** Header carrying the token. */
		private String header = "Authorization";

		/** Scheme before the token; defaults to Bearer in Authorization, none elsewhere; "" for none. */
		private String scheme;

		/** Query parameter carrying the token instead of a header. */
		private String queryParam;

		/** With query-param: a parameter that also carries the partition value (e.g. installid). */
		private String partitionParam;

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public String getScheme() {
			return this.scheme;
		}

		public void setScheme(String scheme) {
			this.scheme = scheme;
		}

		public String getQueryParam() {
			return this.queryParam;
		}

		public void setQueryParam(String queryParam) {
			this.queryParam = queryParam;
		}

		public String getPartitionParam() {
			return this.partitionParam;
		}

		public void setPartitionParam(String partitionParam) {
			this.partitionParam = partitionParam;
		}

	}

	/** {@code tokengate.upstream.<name>.backoff}: capped exponential backoff with jitter. */
	public static class Backoff {

		/** Wait after the first failure. */
		private Duration first = Duration.ofSeconds(1);

		/** Longest wait. */
		private Duration max = Duration.ofSeconds(60);

		/** Random spread, as a fraction of the wait (0 to 1). */
		private double jitter = 0.5;

		public Duration getFirst() {
			return this.first;
		}

		public void setFirst(Duration first) {
			this.first = first;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

}
