package io.tokengate.tests.upstream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Reads back what the gateway sent to a provider stub, for exact assertions.
 */
final class ProviderRequests {

	/** SHA-256 of "key-alice", the caller key the example tests configure. */
	static final String CALLER_KEY_SHA256 = "87844ec0b0d738e89628640588acaa48537b814a5c4f9697e3b352d11ffedaef";

	static final String CALLER_KEY = "key-alice";

	private ProviderRequests() {
	}

	/** Every field of a form-encoded body, in order; repeated fields keep every value. */
	static Map<String, List<String>> form(LoggedRequest request) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		for (String pair : request.getBodyAsString().split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			fields.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return fields;
	}

	/** Header names of a request, lower-cased. */
	static List<String> headerNames(LoggedRequest request) {
		return request.getHeaders().keys().stream().map((name) -> name.toLowerCase(java.util.Locale.ROOT)).toList();
	}

}
