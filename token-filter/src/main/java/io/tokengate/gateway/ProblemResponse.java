package io.tokengate.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Writes an RFC 9457 {@code application/problem+json} answer with {@code Cache-Control: no-store},
 * the one body format of every denial. Callers pass only values that are safe to show.
 */
final class ProblemResponse {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemResponse() {
	}

	/**
	 * @param extensions extra members after {@code detail}, in order; {@code null} values are left out
	 */
	static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail,
			Map<String, String> extensions) {
		response.setStatusCode(status);
		HttpHeaders headers = response.getHeaders();
		headers.setCacheControl("no-store");
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body(status, detail, extensions))));
	}

	static byte[] body(HttpStatus status, String detail, Map<String, String> extensions) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", detail);
		extensions.forEach((name, value) -> {
			if (value != null) {
				body.put(name, value);
			}
		});
		return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
	}

}
