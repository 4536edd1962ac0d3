package io.tokengate.upstream;

import java.math.BigDecimal;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON token response: the token at one JSON pointer (RFC 6901), and its expiry from the
 * first of these that is present:
 * <ol>
 * <li>{@code expires-in}: seconds from now (as OAuth2's {@code expires_in}, RFC 6749 §5.1);</li>
 * <li>{@code expires-at}: epoch seconds;</li>
 * <li>the token's own {@code exp} claim when it is a JWT (RFC 7519 §4.1.4), read with Nimbus
 * without verifying it: the gateway only needs to know when to stop sending it;</li>
 * <li>{@code default-ttl}.</li>
 * </ol>
 * Numbers may arrive as JSON numbers or as numeric strings. Anything malformed is an
 * {@link UpstreamFetchException} naming the pointer, never echoing the response.
 */
public final class TokenResponseReader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonPointer token;

	private final JsonPointer expiresIn;

	private final JsonPointer expiresAt;

	private final Duration defaultTtl;

	/**
	 * @param token pointer to the token
	 * @param expiresIn pointer to seconds-from-now, or {@code null}
	 * @param expiresAt pointer to epoch seconds, or {@code null}
	 * @param defaultTtl lifetime when the response and the token say nothing
	 * @throws IllegalArgumentException if a pointer is not a JSON pointer
	 */
	public TokenResponseReader(String token, String expiresIn, String expiresAt, Duration defaultTtl) {
		this.token = JsonPointer.compile(Objects.requireNonNull(token, "token"));
		this.expiresIn = (expiresIn != null) ? JsonPointer.compile(expiresIn) : null;
		this.expiresAt = (expiresAt != null) ? JsonPointer.compile(expiresAt) : null;
		this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
		if (defaultTtl.isNegative() || defaultTtl.isZero()) {
			throw new IllegalArgumentException("defaultTtl must be positive");
		}
	}

	/** The token and its expiry, read from {@code body} as received at {@code now}. */
	public UpstreamToken read(byte[] body, Instant now) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new UpstreamFetchException("the token response is not JSON");
		}
		if (root == null || !root.isObject()) {
			throw new UpstreamFetchException("the token response is not a JSON object");
		}
		JsonNode tokenNode = root.at(this.token);
		if (!tokenNode.isString() || tokenNode.stringValue().isEmpty()) {
			throw new UpstreamFetchException("the token response has no string at " + this.token);
		}
		String value = tokenNode.stringValue();
		if (!isSendable(value)) {
			throw new UpstreamFetchException("the token at " + this.token + " has characters that cannot be sent");
		}
		return new UpstreamToken(value, now, expiry(root, value, now));
	}

	private Instant expiry(JsonNode root, String value, Instant now) {
		if (this.expiresIn != null && !root.at(this.expiresIn).isMissingNode()) {
			long seconds = seconds(root.at(this.expiresIn), this.expiresIn);
			if (seconds < 0) {
				throw new UpstreamFetchException("the value at " + this.expiresIn + " is negative");
			}
			return now.plusSeconds(seconds);
		}
		if (this.expiresAt != null && !root.at(this.expiresAt).isMissingNode()) {
			Instant at = Instant.ofEpochSecond(seconds(root.at(this.expiresAt), this.expiresAt));
			return at.isBefore(now) ? now : at;
		}
		Instant exp = jwtExpiry(value);
		if (exp != null) {
			return exp.isBefore(now) ? now : exp;
		}
		return now.plus(this.defaultTtl);
	}

	private static long seconds(JsonNode node, JsonPointer pointer) {
		try {
			BigDecimal number = node.isNumber() ? node.decimalValue()
					: node.isString() ? new BigDecimal(node.stringValue().trim()) : null;
			if (number != null) {
				return number.longValueExact();
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// falls through to the error below
		}
		throw new UpstreamFetchException("the value at " + pointer + " is not a whole number of seconds");
	}

	/** The JWT {@code exp}, or {@code null} if the token is not a JWT or has none. */
	static Instant jwtExpiry(String token) {
		try {
			JWT jwt = JWTParser.parse(token);
			Date exp = jwt.getJWTClaimsSet().getExpirationTime();
			return (exp != null) ? exp.toInstant() : null;
		}
		catch (ParseException ex) {
			return null;
		}
	}

	/** Visible ASCII only: a token travels in a header or a query parameter. */
	private static boolean isSendable(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x21 || c > 0x7E) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return "TokenResponseReader[token=" + this.token + ", expiresIn=" + this.expiresIn + ", expiresAt="
				+ this.expiresAt + ", defaultTtl=" + this.defaultTtl + "]";
	}

}
