package io.tokengate.authn;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 7662 §2.2 introspection response. {@code active} is the only required member; the
 * members the gateway uses are read into fields and every other one is kept in {@code claims}.
 *
 * @param active whether the token is active
 * @param subject {@code sub}
 * @param clientId {@code client_id}
 * @param username {@code username}
 * @param scopes {@code scope}, split at spaces
 * @param expiresAt {@code exp}
 * @param issuedAt {@code iat}
 * @param audiences {@code aud}, a string or an array
 * @param claims every other member
 */
public record IntrospectionAnswer(boolean active, String subject, String clientId, String username,
		List<String> scopes, Instant expiresAt, Instant issuedAt, List<String> audiences, Map<String, Object> claims) {

	private static final Set<String> READ = Set.of("active", "sub", "client_id", "username", "scope", "exp", "iat",
			"aud");

	public IntrospectionAnswer {
		scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
		audiences = (audiences != null) ? List.copyOf(audiences) : List.of();
		claims = (claims != null) ? Map.copyOf(claims) : Map.of();
	}

	/**
	 * Reads a parsed JSON object.
	 * @throws IllegalArgumentException if {@code active} is not a boolean or a member the gateway
	 * reads has the wrong type
	 */
	public static IntrospectionAnswer from(Map<String, Object> json) {
		if (!(json.get("active") instanceof Boolean active)) {
			throw new IllegalArgumentException("'active' is not a boolean");
		}
		Map<String, Object> claims = new LinkedHashMap<>();
		json.forEach((name, value) -> {
			if (value != null && !READ.contains(name)) {
				claims.put(name, value);
			}
		});
		String scope = string(json, "scope");
		List<String> scopes = (scope != null)
				? Arrays.stream(scope.split(" ")).filter((s) -> !s.isEmpty()).toList() : List.of();
		return new IntrospectionAnswer(active, string(json, "sub"), string(json, "client_id"),
				string(json, "username"), scopes, instant(json, "exp"), instant(json, "iat"), audiences(json), claims);
	}

	/**
	 * The string member {@code name}, whether it is one the gateway reads ({@code sub},
	 * {@code client_id}, {@code username}) or one kept in {@link #claims()}; {@code null} if it
	 * is absent or not a string.
	 */
	public String stringClaim(String name) {
		Object value = switch (name) {
			case "sub" -> this.subject;
			case "client_id" -> this.clientId;
			case "username" -> this.username;
			default -> this.claims.get(name);
		};
		return (value instanceof String text) ? text : null;
	}

	private static String string(Map<String, Object> json, String name) {
		Object value = json.get(name);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw new IllegalArgumentException("'" + name + "' is not a string");
	}

	private static Instant instant(Map<String, Object> json, String name) {
		Object value = json.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Number number) {
			return Instant.ofEpochSecond(number.longValue());
		}
		throw new IllegalArgumentException("'" + name + "' is not a number");
	}

	private static List<String> audiences(Map<String, Object> json) {
		Object value = json.get("aud");
		if (value == null) {
			return List.of();
		}
		if (value instanceof String audience) {
			return List.of(audience);
		}
		if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			return list.stream().map(String.class::cast).toList();
		}
		throw new IllegalArgumentException("'aud' is neither a string nor an array of strings");
	}

}
