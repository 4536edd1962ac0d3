package io.tokengate.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Removes parameters from a raw (still percent-encoded) query string, leaving every other
 * parameter byte for byte and in its order. Names are compared after decoding, exactly as
 * Spring decodes them for {@code ServerHttpRequest#getQueryParams()}, so what the resolver
 * read is what gets removed.
 */
final class QueryParameters {

	private QueryParameters() {
	}

	/** The query without the named parameters; {@code null} when nothing is left. */
	static String without(String rawQuery, Set<String> names) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return null;
		}
		StringJoiner kept = new StringJoiner("&");
		for (String pair : rawQuery.split("&", -1)) {
			if (!names.contains(decodedName(pair))) {
				kept.add(pair);
			}
		}
		String result = kept.toString();
		return result.isEmpty() ? null : result;
	}

	private static String decodedName(String pair) {
		int eq = pair.indexOf('=');
		String name = (eq >= 0) ? pair.substring(0, eq) : pair;
		try {
			return URLDecoder.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

}
