package io.tokengate.gateway;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.MultiValueMap;

/**
 * A read-only view of the caller's headers with some names hidden and a few trusted values laid
 * over them. Forwarding a request through {@code ServerHttpRequest.mutate()} copies every
 * header on every request; this view answers each lookup from the caller's headers instead, after
 * checking the few hidden and overlaid names. Names compare case-insensitively (RFC 9110 §5.1).
 * <p>
 * Before sending, the routing filter's header filters list the headers and look each one up,
 * and {@code HttpHeaders} builds a case-insensitive set of the names for every listing, so a
 * second case-insensitive copy here would only add to that. This view lists only names, once,
 * as the caller's map has them (like Netty's, the list may hold two spellings of one name, which
 * {@code HttpHeaders} merges), and never copies a value: a lookup is one lookup in the caller's
 * map, so a request with many headers costs linear time.
 */
final class ForwardedHeaders extends AbstractMap<String, List<String>> implements MultiValueMap<String, String> {

	private final HttpHeaders original;

	private final String[] hidden;

	private final String[] names;

	private final String[] values;

	/** The visible names, listed on first iteration; the caller's headers are read-only. */
	private String[] listed;

	/**
	 * @param original the caller's headers
	 * @param hidden names removed from the view (the overlaid names are hidden implicitly)
	 * @param names overlaid names, shared and never modified
	 * @param values their values, one each, {@code null} to hide the name without a value; never
	 * modified, and shared with nothing that modifies them
	 */
	ForwardedHeaders(HttpHeaders original, String[] hidden, String[] names, String[] values) {
		this.original = original;
		this.hidden = hidden;
		this.names = names;
		this.values = values;
	}

	static HttpHeaders of(HttpHeaders original, String[] hidden, String[] names, String[] values) {
		return new View(new ForwardedHeaders(original, hidden, names, values));
	}

	/**
	 * The headers with every overlaid value of their views taken out and the names still hidden:
	 * what the routing filter's header filters get to copy ({@link TrustedHeadersFilter}).
	 * Headers that are not such a view are returned as they are.
	 */
	static HttpHeaders withoutOverlays(HttpHeaders headers) {
		if (!(headers instanceof View view)) {
			return headers;
		}
		ForwardedHeaders over = view.view;
		// a name overlaid with no value is hidden, the caller's value of it included
		return of(withoutOverlays(over.original), over.hidden, over.names, new String[over.names.length]);
	}

	/**
	 * {@code filtered} with the overlays of {@code viewed}'s views laid over it again, the lowest
	 * first, as {@code viewed} shows them; {@code filtered} itself when {@code viewed} is no view.
	 */
	static HttpHeaders withOverlaysOf(HttpHeaders viewed, HttpHeaders filtered) {
		if (!(viewed instanceof View view)) {
			return filtered;
		}
		ForwardedHeaders over = view.view;
		return of(withOverlaysOf(over.original, filtered), over.hidden, over.names, over.values);
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
	public int size() {
		return listed().length;
	}

	@Override
	public Set<String> keySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<String> iterator() {
				return Arrays.asList(listed()).iterator();
			}

			@Override
			public int size() {
				return listed().length;
			}

		};
	}

	@Override
	public Set<Entry<String, List<String>>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, List<String>>> iterator() {
				Iterator<String> names = keySet().iterator();
				return new Iterator<>() {

					@Override
					public boolean hasNext() {
						return names.hasNext();
					}

					@Override
					public Entry<String, List<String>> next() {
						String name = names.next();
						return new SimpleImmutableEntry<>(name, get(name));
					}

				};
			}

			@Override
			public int size() {
				return listed().length;
			}

		};
	}

	/** Visible names in order: the caller's first (minus hidden ones), then the overlay. */
	private String[] listed() {
		if (this.listed == null) {
			List<String> visible = new ArrayList<>();
			if (this.original instanceof View below) {
				// UpstreamToken's view over TokenAuth's: HttpHeaders would list the names below
				// through a case-insensitive set and look every value up, to pass on only names
				for (String name : below.view.listed()) {
					addIfVisible(visible, name);
				}
			}
			else {
				// Spring's read-only headers list their own names without the case-insensitive set
				// that headerSet() would build
				this.original.forEach((name, values) -> addIfVisible(visible, name));
			}
			for (int i = 0; i < this.names.length; i++) {
				if (this.values[i] != null) {
					visible.add(this.names[i]);
				}
			}
			this.listed = visible.toArray(String[]::new);
		}
		return this.listed;
	}

	private void addIfVisible(List<String> visible, String name) {
		if (!isHidden(name) && overlayIndex(name) < 0) {
			visible.add(name);
		}
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

	/** {@code HttpHeaders} over such a view, so that a view laid over it can reach the one below. */
	private static final class View extends HttpHeaders {

		private final ForwardedHeaders view;

		View(ForwardedHeaders view) {
			super(view);
			this.view = view;
		}

	}

}
