package io.tokengate.gateway;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

import io.tokengate.upstream.Partition;
import io.tokengate.upstream.UpstreamToken;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where the upstream token goes on the forwarded request: a header, with or without an
 * authentication scheme ({@code Authorization: Bearer ...}, {@code Authorization: Token ...}, or a
 * raw {@code X-Api-Key: ...}), or a query parameter. Whatever the caller sent under that name is
 * replaced, never appended to: a caller cannot smuggle a second credential past it.
 * <p>
 * In query mode the partition value may be set alongside (Contextual install tokens travel as
 * {@code ?installid=...&token=...}); it too replaces any caller value.
 */
public final class TokenInjection {

	private static final String[] NOTHING = {};

	private final String header;

	private final String scheme;

	private final String queryParam;

	private final String partitionParam;

	private TokenInjection(String header, String scheme, String queryParam, String partitionParam) {
		this.header = header;
		this.scheme = scheme;
		this.queryParam = queryParam;
		this.partitionParam = partitionParam;
	}

	/**
	 * The token in a header.
	 *
	 * @param name the header name
	 * @param scheme the authentication scheme before the token (RFC 9110 §11.4), or {@code null}
	 * for the raw token
	 */
	public static TokenInjection header(String name, String scheme) {
		return new TokenInjection(Objects.requireNonNull(name, "name"), (scheme == null || scheme.isEmpty()) ? null
				: scheme, null, null);
	}

	/**
	 * The token in a query parameter.
	 *
	 * @param name the parameter carrying the token
	 * @param partitionParam a parameter to carry the partition value too, or {@code null}
	 */
	public static TokenInjection queryParameter(String name, String partitionParam) {
		return new TokenInjection(null, null, Objects.requireNonNull(name, "name"), partitionParam);
	}

	/** The request with the token in place of anything the caller sent under the same name. */
	public ServerHttpRequest apply(ServerHttpRequest request, UpstreamToken token, Partition partition) {
		if (this.header != null) {
			String value = (this.scheme != null) ? this.scheme + " " + token.value() : token.value();
			// a view, not a copy of every header: this runs on every forwarded request
			return ForwardedHeaders.decorate(request, NOTHING, new String[] { this.header }, new String[] { value });
		}
		URI uri = request.getURI();
		Set<String> replaced = new LinkedHashSet<>();
		replaced.add(this.queryParam);
		StringJoiner added = new StringJoiner("&");
		if (this.partitionParam != null && partition.type().isPartitioned()) {
			replaced.add(this.partitionParam);
			added.add(encode(this.partitionParam) + "=" + encode(partition.value()));
		}
		added.add(encode(this.queryParam) + "=" + encode(token.value()));
		String kept = QueryParameters.without(uri.getRawQuery(), replaced);
		String query = (kept != null) ? kept + "&" + added : added.toString();
		URI target = UriComponentsBuilder.fromUri(uri).replaceQuery(query).build(true).toUri();
		return request.mutate().uri(target).build();
	}

	/** The header the token goes in, or {@code null} in query mode. */
	public String header() {
		return this.header;
	}

	/** The query parameter the token goes in, or {@code null} in header mode. */
	public String queryParam() {
		return this.queryParam;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		if (this.header != null) {
			return "header " + this.header + ((this.scheme != null) ? " (" + this.scheme + ")" : "");
		}
		return "query parameter " + this.queryParam
				+ ((this.partitionParam != null) ? " with " + this.partitionParam : "");
	}

}
