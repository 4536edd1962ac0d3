package io.tokengate.gateway;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.util.MultiValueMap;

/**
 * A read-only view of the caller's headers with some names hidden and a few trusted values laid
 * over them. Forwarding a request through {@code ServerHttpRequest.mutate()} copies every
 * header on every request; this view answers lookups from the caller's headers until something
 * iterates them. Iteration (the routing filter's header filters) lists the visible headers once,
 * in a case-insensitive map that then answers every later lookup too: {@code HttpHeaders}
 * iterates by name and looks each name up again, which would otherwise go through the hidden and
 * overlaid names and the caller's headers for every header. Names compare case-insensitively
 * (RFC 9110 §5.1).
 */
final class ForwardedHeaders extends AbstractMap<String, List<String>> implements MultiValueMap<String, String> {

	private final HttpHeaders original;

	private final String[] hidden;

	private final String[] names;

	private final String[] values;

	/**
	 * The visible headers, listed on first iteration and from then on the answer to lookups; both
	 * maps behind the view are read-only.
	 */
	private Map<String, List<String>> visible;

	/**
	 * @param original the caller's headers
	 * @param hidden names removed from the view (the overlaid names are hidden implicitly)
	 * @param names overlaid names, shared and never modified
	 * @param values their values, one each, {@code null} to hide the name without a value; owned
	 * by this view from now on
	 */
	ForwardedHeaders(HttpHeaders original, String[] hidden, String[] names, String[] values) {
		this.original = original;
		this.hidden = hidden;
		this.names = names;
		this.values = values;
	}

	static HttpHeaders of(HttpHeaders original, String[] hidden, String[] names, String[] values) {
		return new HttpHeaders(new ForwardedHeaders(original, hidden, names, values));
	}

	/** The request with its headers seen through such a view; everything else is the request's own. */
	static ServerHttpRequest decorate(ServerHttpRequest request, String[] hidden, String[] names, String[] values) {
		HttpHeaders headers = of(request.getHeaders(), hidden, names, values);
		return new ServerHttpRequestDecorator(request) {

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
	}

	@Override
	public List<String> get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		if (this.visible != null) {
			return this.visible.get(name);
		}
		int index = overlayIndex(name);
		if (index >= 0) {
			String value = this.values[index];
			return (value != null) ? List.of(value) : null;
		}
		return isHidden(name) ? null : this.original.get(name);
	}

	@Override
	public boolean containsKey(Object key) {
		return get(key) != null;
	}

	@Override
	public String getFirst(String key) {
		List<String> found = get(key);
		return (found != null && !found.isEmpty()) ? found.get(0) : null;
	}

	@Override
	public Set<Entry<String, List<String>>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, List<String>>> iterator() {
				return snapshot().entrySet().iterator();
			}

			@Override
			public int size() {
				return snapshot().size();
			}

		};
	}

	/** Visible headers in order: the caller's first (minus hidden ones), then the overlay. */
	private Map<String, List<String>> snapshot() {
		if (this.visible == null) {
			this.visible = listVisible();
		}
		return this.visible;
	}

	private Map<String, List<String>> listVisible() {
		// default sizing: the size of Netty-backed headers is counted by building a set of names
		Map<String, List<String>> visible = new LinkedCaseInsensitiveMap<>(Locale.ROOT);
		for (Entry<String, List<String>> header : this.original.headerSet()) {
			String name = header.getKey();
			if (!isHidden(name) && overlayIndex(name) < 0) {
				visible.put(name, header.getValue());
			}
		}
		for (int i = 0; i < this.names.length; i++) {
			if (this.values[i] != null) {
				visible.put(this.names[i], List.of(this.values[i]));
			}
		}
		return Collections.unmodifiableMap(visible);
	}

	@Override
	public Map<String, String> toSingleValueMap() {
		Map<String, String> single = new LinkedHashMap<>();
		forEach((name, list) -> single.put(name, list.isEmpty() ? null : list.get(0)));
		return single;
	}

	private int overlayIndex(String name) {
		for (int i = 0; i < this.names.length; i++) {
			if (this.names[i].equalsIgnoreCase(name)) {
				return i;
			}
		}
		return -1;
	}

	private boolean isHidden(String name) {
		for (String each : this.hidden) {
			if (each.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void add(String key, String value) {
		throw readOnly();
	}

	@Override
	public void addAll(String key, List<? extends String> values) {
		throw readOnly();
	}

	@Override
	public void addAll(MultiValueMap<String, String> values) {
		throw readOnly();
	}

	@Override
	public void set(String key, String value) {
		throw readOnly();
	}

	@Override
	public void setAll(Map<String, String> values) {
		throw readOnly();
	}

	@Override
	public List<String> put(String key, List<String> value) {
		throw readOnly();
	}

	@Override
	public List<String> remove(Object key) {
		throw readOnly();
	}

	private static UnsupportedOperationException readOnly() {
		// forwarded request headers are read-only, as with ServerHttpRequest.mutate()
		return new UnsupportedOperationException("forwarded request headers are read-only");
	}

}
