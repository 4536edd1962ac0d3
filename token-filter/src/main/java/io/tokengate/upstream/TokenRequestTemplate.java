package io.tokengate.upstream;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tokengate.credential.HeaderValues;
import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriUtils;

/**
 * A token request with {@code {subject}}, {@code {app}} and {@code {installId}} placeholders in
 * its URI, headers and body. Each substituted value is escaped for where it lands, so a caller's
 * identity can never change the shape of the request:
 * <ul>
 * <li>URI: percent-encoded as a URI component (RFC 3986 §2.1), every reserved character included;</li>
 * <li>JSON body: escaped as the contents of a JSON string (RFC 8259 §7), so placeholders belong
 * inside quotes;</li>
 * <li>form body: {@code application/x-www-form-urlencoded} encoded;</li>
 * <li>headers: taken as they are, but refused if they hold control or non-ASCII characters.</li>
 * </ul>
 * Any other text, braces of a JSON body included, is left alone: only the three placeholder
 * names are recognised.
 */
public final class TokenRequestTemplate {

	/** The placeholders a template may use. */
	public static final Pattern VARIABLE = Pattern.compile("\\{(subject|app|installId)\\}");

	private final HttpMethod method;

	private final String uri;

	private final Map<String, String> headers;

	private final String body;

	private final MediaType contentType;

	/**
	 * @param method the HTTP method
	 * @param uri absolute URI template
	 * @param headers header templates, in order
	 * @param body body template, or {@code null} for none
	 * @param contentType how the body is encoded; {@code null} for no body
	 */
	public TokenRequestTemplate(HttpMethod method, String uri, Map<String, String> headers, String body,
			MediaType contentType) {
		this.method = Objects.requireNonNull(method, "method");
		this.uri = Objects.requireNonNull(uri, "uri");
		this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
		this.body = body;
		this.contentType = contentType;
		if (body != null && contentType == null) {
			throw new IllegalArgumentException("a body needs a content type");
		}
	}

	/** Whether a body of this content type can carry placeholders safely. */
	public static boolean canEscapeFor(MediaType contentType) {
		return contentType != null && (isJson(contentType)
				|| MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType));
	}

	/** The variables used anywhere in the request, e.g. {@code subject}. */
	public Set<String> variables() {
		Set<String> used = new LinkedHashSet<>();
		collect(this.uri, used);
		this.headers.values().forEach((value) -> collect(value, used));
		collect(this.body, used);
		return used;
	}

	/** The variables used in the body. */
	public Set<String> bodyVariables() {
		Set<String> used = new LinkedHashSet<>();
		collect(this.body, used);
		return used;
	}

	/** The request for one partition; fails with {@link UpstreamFetchException} if a value cannot be sent. */
	public Rendered render(Map<String, String> variables) {
		URI target = URI.create(substitute(this.uri, variables, (value) -> UriUtils.encode(value, StandardCharsets.UTF_8)));
		HttpHeaders rendered = new HttpHeaders();
		this.headers.forEach((name, template) -> rendered.add(name, substitute(template, variables, (value) -> {
			if (!HeaderValues.isSafe(value)) {
				throw new UpstreamFetchException("a placeholder value cannot be sent in header " + name);
			}
			return value;
		})));
		if (this.body == null) {
			return new Rendered(this.method, target, rendered, null);
		}
		rendered.setContentType(this.contentType);
		String text = substitute(this.body, variables, escaperFor(this.contentType));
		return new Rendered(this.method, target, rendered, text.getBytes(StandardCharsets.UTF_8));
	}

	public HttpMethod method() {
		return this.method;
	}

	public String uri() {
		return this.uri;
	}

	public String body() {
		return this.body;
	}

	public MediaType contentType() {
		return this.contentType;
	}

	private static UnaryOperator<String> escaperFor(MediaType contentType) {
		if (isJson(contentType)) {
			return (value) -> new String(JsonStringEncoder.getInstance().quoteAsCharArray(value));
		}
		if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType)) {
			return (value) -> URLEncoder.encode(value, StandardCharsets.UTF_8);
		}
		return (value) -> {
			throw new IllegalStateException("placeholders are not supported in a " + contentType + " body");
		};
	}

	private static boolean isJson(MediaType contentType) {
		return MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
				|| (contentType.getSubtype() != null && contentType.getSubtype().endsWith("+json"));
	}

	private static String substitute(String template, Map<String, String> variables, UnaryOperator<String> escape) {
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String value = variables.get(matcher.group(1));
			if (value == null) {
				throw new UpstreamFetchException("no value for {" + matcher.group(1) + "}");
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(escape.apply(value)));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private static void collect(String template, Set<String> used) {
		if (template != null) {
			Matcher matcher = VARIABLE.matcher(template);
			while (matcher.find()) {
				used.add(matcher.group(1));
			}
		}
	}

	@Override
	public String toString() {
		// the URI, headers and body may hold keys: show only the shape
		return "TokenRequestTemplate[" + this.method + ", headers=" + this.headers.keySet() + ", variables="
				+ variables() + "]";
	}

	/**
	 * A request ready to send.
	 *
	 * @param method the method
	 * @param uri the target
	 * @param headers the headers, Content-Type included when there is a body
	 * @param body the body bytes, or {@code null}
	 */
	public record Rendered(HttpMethod method, URI uri, HttpHeaders headers, byte[] body) {
	}

}
