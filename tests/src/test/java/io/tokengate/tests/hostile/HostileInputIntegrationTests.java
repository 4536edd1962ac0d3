package io.tokengate.tests.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tokengate.tests.authn.TestJwts;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of hostile requests sent byte for byte through the real gateway (raw socket), one row
 * per request with its exact status. For every row: the status is the documented one (never a
 * 5xx), a denied request reaches no upstream, an allowed one reaches it once without the
 * caller's credential or spoofed identity, and no part of the credential is echoed.
 */
class HostileInputIntegrationTests extends HostileGatewayTestSupport {

	private static final String API = "/api/orders";

	/** A JWS-shaped string whose parts are valid b64token characters but not base64url JSON. */
	private static final String NOT_BASE64_JSON = "aaaa.bbbb.cccc";

	@TestFactory
	Stream<DynamicTest> everyHostileRequestGetsItsExactStatusAndLeaksNothing() {
		List<Row> rows = corpus();
		assertThat(rows).hasSizeGreaterThanOrEqualTo(60);
		assertThat(rows.stream().map(Row::name).distinct()).hasSameSizeAs(rows);
		return rows.stream().map((row) -> DynamicTest.dynamicTest(row.name(), () -> check(row)));
	}

	/**
	 * A few hundred seeded random requests (Authorization headers with any characters, install
	 * pairs, repeated parameters) through the gateway: each is answered 200, 400, 401 or 403
	 * within the client timeout, and exactly the 200s reach the upstream.
	 */
	@Test
	void randomRequestsThroughTheGatewayAreAnswered2xx400401Or403() {
		long seed = 0x5EED_0001L;
		RandomCredentials random = new RandomCredentials(seed, 400);
		Map<Integer, Integer> statuses = new TreeMap<>();
		upstream.reset();
		for (int i = 0; i < 300; i++) {
			List<String> headers = new ArrayList<>();
			if (random.chance(85)) {
				headers.add("Authorization: " + random.authorization(false));
			}
			if (random.chance(10)) {
				headers.add("X-Install-Token: " + random.value(true));
				headers.add("X-Install-Id: " + random.shortId());
			}
			if (random.chance(5)) {
				headers.add("Authorization: Token " + KEY);
			}
			StringBuilder target = new StringBuilder(API);
			char separator = '?';
			for (String[] parameter : random.installParameters()) {
				target.append(separator)
					.append(parameter[0])
					.append('=')
					.append(UriUtils.encode(parameter[1], StandardCharsets.UTF_8));
				separator = '&';
			}
			String description = "request " + i + " of seed " + seed + ": " + headers + " " + target;
			RawHttp.Response response = RawHttp.send(this.port, "GET", target.toString(), headers, 5_000);
			assertThat(response.status()).as(description).isIn(200, 400, 401, 403);
			statuses.merge(response.status(), 1, Integer::sum);
		}
		assertThat(upstreamRequests()).hasSize(statuses.getOrDefault(200, 0));
		// every outcome is reached, so the property is not vacuous
		assertThat(statuses).containsKeys(200, 400, 401);
	}

	/**
	 * A caller that names the trusted headers in {@code Connection} (hop-by-hop headers, which the
	 * gateway drops before forwarding) still cannot keep its identity or the upstream credential
	 * from reaching the upstream; its own headers named there are dropped as usual.
	 */
	@Test
	void trustedHeadersNamedInConnectionAreForwardedAnyway() {
		upstream.reset();
		RawHttp.Response response = RawHttp.send(this.port, "GET", "/flaky/orders",
				List.of("Authorization: Token " + KEY, "X-Trace: t-1",
						"Connection: Authorization, X-Auth-Subject, X-Auth-App, X-Trace"),
				10_000);
		assertThat(response.status()).isEqualTo(200);
		List<LoggedRequest> forwarded = upstreamRequests();
		assertThat(forwarded).hasSize(1);
		LoggedRequest request = forwarded.get(0);
		assertThat(request.getHeaders().getHeader("X-Auth-Subject").values()).containsExactly("alice");
		assertThat(request.getHeaders().getHeader("X-Auth-App").values()).containsExactly("app-7");
		assertThat(request.getHeaders().getHeader("Authorization").values()).singleElement()
			.asString()
			.startsWith("Bearer ")
			.doesNotContain(KEY);
		assertThat(request.containsHeader("X-Trace")).isFalse();
	}

	private void check(Row row) {
		upstream.reset();
		RawHttp.Response response = RawHttp.send(this.port, row.method(), row.target(), row.headers(), 10_000);
		assertThat(response.status()).as(row.name() + ": " + response.body()).isEqualTo(row.status());
		List<LoggedRequest> forwarded = upstreamRequests();
		if (row.status() == 200) {
			assertThat(forwarded).as("forwarded once").hasSize(1);
			LoggedRequest request = forwarded.get(0);
			assertThat(request.containsHeader("Authorization")).isFalse();
			assertThat(request.containsHeader("X-Install-Token")).isFalse();
			assertThat(request.getUrl()).doesNotContain("token=");
			assertThat(request.getHeaders().getHeader("X-Auth-Subject").values()).hasSize(1)
				.first()
				.isIn("alice", "jwt-user");
			assertThat(request.getBodyAsString()).isEmpty();
		}
		else {
			assertThat(forwarded).as("nothing reaches the upstream").isEmpty();
			if (row.byFilter()) {
				assertThat(response.header("Content-Type")).as(row.name()).isEqualTo("application/problem+json");
				assertThat(response.header("Cache-Control")).isEqualTo("no-store");
			}
		}
		for (String secret : row.secrets()) {
			assertThat(response.whole()).as("echo of the credential").doesNotContain(secret);
			for (LoggedRequest request : forwarded) {
				assertThat(request.getUrl() + request.getHeaders() + request.getBodyAsString()).doesNotContain(secret);
			}
		}
	}

	private List<Row> corpus() {
		List<Row> rows = new ArrayList<>();
		String bearer = "Authorization: Bearer ";
		// scheme handling
		rows.add(row("no credential", 401));
		rows.add(leaky("api key", 200, KEY, "Authorization: Token " + KEY));
		rows.add(leaky("lowercase header and scheme", 200, KEY, "authorization: token " + KEY));
		rows.add(leaky("uppercase scheme", 200, KEY, "AUTHORIZATION: TOKEN " + KEY));
		rows.add(leaky("mixed-case scheme", 200, KEY, "Authorization: tOkEn " + KEY));
		rows.add(leaky("two spaces after the scheme", 200, KEY, "Authorization: Token  " + KEY));
		rows.add(leaky("trailing spaces", 200, KEY, "Authorization: Token " + KEY + "   "));
		rows.add(leaky("tab after the scheme", 400, KEY, "Authorization: Token\t" + KEY));
		rows.add(row("scheme without value", 400, "Authorization: Bearer"));
		rows.add(row("empty Authorization", 400, "Authorization: "));
		rows.add(row("blank Authorization", 400, "Authorization:    \t "));
		rows.add(leaky("Bearer twice in one header", 400, "hostile-twice", bearer + "Bearer hostile-twice"));
		rows.add(leaky("two Authorization headers", 400, KEY, "Authorization: Token " + KEY,
				"Authorization: Token " + KEY));
		rows.add(leaky("comma-separated credentials", 400, "hostile-c1", bearer + "hostile-c1, Bearer hostile-c2"));
		rows.add(leaky("Basic scheme", 401, "dXNlcjpwYXNz", "Authorization: Basic dXNlcjpwYXNz"));
		rows.add(row("Digest scheme", 401, "Authorization: Digest username=\"alice\", nonce=\"x\""));
		rows.add(leaky("unknown scheme", 401, "hostile-unknown", "Authorization: Negotiate hostile-unknown"));
		rows.add(leaky("scheme-like prefix", 401, KEY, "Authorization: Tokens " + KEY));
		rows.add(leaky("value without scheme", 401, KEY, "Authorization: " + KEY));
		rows.add(leaky("unknown opaque bearer", 401, "hostile-opaque-1", bearer + "hostile-opaque-1"));
		rows.add(leaky("active opaque bearer", 200, ACTIVE_PREFIX + "h1", bearer + ACTIVE_PREFIX + "h1"));
		rows.add(row("padding only", 400, "Authorization: Token ===="));
		rows.add(leaky("padded unknown key", 401, KEY + "=", "Authorization: Token " + KEY + "="));
		rows.add(leaky("RFC 6750 access_token query parameter", 401, "hostile-qp", API + "?access_token=hostile-qp"));
		rows.add(leaky("credential in a cookie", 401, "hostile-cookie", "Cookie: token=hostile-cookie"));
		// characters
		rows.add(server(leaky("control character in credential", 400, "hostile\u0001ctl", bearer + "hostile\u0001ctl")));
		rows.add(server(leaky("DEL in credential", 400, "hostile\u007fdel", bearer + "hostile\u007fdel")));
		rows.add(server(row("NUL in credential", 400, bearer + "hostile\u0000nul")));
		rows.add(leaky("UTF-8 in credential", 400, "t\u00f6k\u00e9n", bearer + RawHttp.utf8("h\u00f6stile-t\u00f6k\u00e9n")));
		rows.add(row("Latin-1 byte in credential", 400, bearer + "hostile\u00ffbyte"));
		rows.add(row("quote and comma in credential", 400, bearer + "hostile\"q,x"));
		rows.add(server(row("bare CR in header value", 400, bearer + "hostile-cr\rX-Auth-Subject: admin")));
		rows.add(server(row("bare LF in header value", 400, bearer + "hostile-lf\nX-Auth-Subject: admin")));
		rows.add(leaky("CRLF smuggles a second Authorization", 400, KEY, "Authorization: Token " + KEY
				+ "\r\nAuthorization: Token " + KEY));
		rows.add(leaky("CRLF smuggles an identity header", 401, "hostile-crlf", bearer + "hostile-crlf\r\nX-Auth-Subject: admin"));
		rows.add(server(row("64 KiB credential", 431, bearer + "A".repeat(64 * 1024))));
		rows.add(row("credential over max-credential-length", 400, bearer + "B".repeat(5000)));
		rows.add(server(row("64 KiB query", 414, API + "?token=" + "C".repeat(64 * 1024) + "&installid=dev-1")));
		// install tokens and parameters
		rows.add(leaky("install pair, inactive", 401, "hostile-inst", API + "?token=hostile-inst&installid=dev-1"));
		rows.add(leaky("install pair in headers, inactive", 401, "hostile-insth", "X-Install-Token: hostile-insth",
				"X-Install-Id: dev-1"));
		rows.add(leaky("install token without install id", 400, "hostile-half", API + "?token=hostile-half"));
		rows.add(row("install id without token", 400, API + "?installid=dev-1"));
		rows.add(leaky("install token header without id", 400, "hostile-halfh", "X-Install-Token: hostile-halfh"));
		rows.add(leaky("install id header with an api key", 400, KEY, "Authorization: Token " + KEY, "X-Install-Id: dev-1"));
		rows.add(leaky("token twice", 400, "hostile-t2", API + "?token=hostile-t1&token=hostile-t2&installid=dev-1"));
		rows.add(leaky("installid twice", 400, "hostile-i2", API + "?token=hostile-i2&installid=a&installid=b"));
		rows.add(row("empty token parameter", 400, API + "?token=&installid=dev-1"));
		rows.add(leaky("header and query credential", 400, KEY, API + "?token=hostile-both&installid=dev-1",
				"Authorization: Token " + KEY));
		rows.add(leaky("query and header install pairs", 400, "hostile-qh", API + "?token=hostile-qh&installid=dev-1",
				"X-Install-Token: hostile-qh", "X-Install-Id: dev-1"));
		rows.add(row("percent-encoded space in token", 400, API + "?token=hostile%20sp&installid=dev-1"));
		rows.add(leaky("percent-encoded plus in token", 401, "hostile+plus", API + "?token=hostile%2Bplus&installid=dev-1"));
		rows.add(row("double-encoded slash in token", 400, API + "?token=hostile%252Fx&installid=dev-1"));
		rows.add(row("encoded NUL in token", 400, API + "?token=hostile%00nul&installid=dev-1"));
		rows.add(row("encoded CRLF in token", 400, API + "?token=hostile%0D%0Ax&installid=dev-1"));
		rows.add(leaky("percent-encoded parameter name", 401, "hostile-encname",
				API + "?tok%65n=hostile-encname&installid=dev-1"));
		rows.add(row("parameter name in another case", 400, API + "?TOKEN=hostile-case&installid=dev-1"));
		rows.add(row("path traversal in install id", 400, API + "?token=hostile-trav&installid=..%2F..%2Fetc"));
		rows.add(row("oversized install id", 400, API + "?token=hostile-longid&installid=" + "i".repeat(300)));
		rows.add(server(row("invalid percent-encoding", 400, API + "?token=hostile%zz&installid=dev-1")));
		// JWTs
		rows.add(row("valid HS256 JWT", 200, jwt(claims().build())));
		rows.add(row("alg none", 401, TestJwts.unsecured(claims().build())));
		rows.add(row("alg none with a signature", 401, TestJwts.unsecured(claims().build()) + "c2ln"));
		rows.add(row("HS256 with another secret", 401,
				hs256(new JWSHeader(JWSAlgorithm.HS256), claims().build(), "another-secret-0123456789abcdef-XYZ")));
		rows.add(row("not base64 JSON", 401, NOT_BASE64_JSON));
		rows.add(row("characters outside base64url", 400, "eyJhbGciOiJIUzI1NiJ9.@@@@.c2ln"));
		rows.add(row("truncated to two segments", 401, truncated(jwt(claims().build()), 2)));
		rows.add(row("empty signature segment", 401, truncated(jwt(claims().build()), 2) + "."));
		rows.add(row("four segments", 401, jwt(claims().build()) + ".eA"));
		rows.add(row("kid, right signature", 200, hs256(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("hmac-1")
			.build(), claims().build(), HMAC_SECRET)));
		rows.add(row("huge kid, right signature", 200, hs256(new JWSHeader.Builder(JWSAlgorithm.HS256)
			.keyID("k".repeat(2500)).build(), claims().build(), HMAC_SECRET)));
		rows.add(row("kid beyond max-credential-length", 400, hs256(new JWSHeader.Builder(JWSAlgorithm.HS256)
			.keyID("k".repeat(4000)).build(), claims().build(), HMAC_SECRET)));
		rows.add(row("nested JSON as subject", 401, jwt(claims().claim("sub", nested(60)).build())));
		rows.add(row("nested JSON in a custom claim", 200, jwt(claims().claim("ext", nested(60)).build())));
		rows.add(row("scope as an object", 401, jwt(claims().claim("scope", nested(3)).build())));
		rows.add(row("exp in year 9999", 200, jwt(claims().expirationTime(new Date(253402300799000L)).build())));
		rows.add(row("exp at Long.MAX_VALUE", 401, jwt(claims().claim("exp", Long.MAX_VALUE).build())));
		rows.add(row("negative exp", 401, jwt(claims().claim("exp", -1L).build())));
		rows.add(row("exp as text", 401, jwt(claims().claim("exp", "tomorrow").build())));
		rows.add(row("no exp", 401, jwt(claims().expirationTime(null).build())));
		rows.add(row("wrong audience", 401, jwt(claims().audience("someone-else").build())));
		rows.add(leaky("JWT in the Token scheme", 401, jwt(claims().build()), "Authorization: Token " + jwt(claims().build())));
		// identity and forwarding headers
		rows.add(row("spoofed identity without credential", 401, "X-Auth-Subject: admin", "X-Auth-Scopes: admin"));
		rows.add(leaky("spoofed identity with a key", 200, KEY, "Authorization: Token " + KEY, "X-Auth-Subject: admin",
				"X-Auth-App: evil", "X-Auth-Scopes: admin", "X-Auth-Install-Id: dev-x", "x-auth-subject: root"));
		rows.add(row("spoofed X-Forwarded-* without credential", 401, "X-Forwarded-For: 10.0.0.1",
				"X-Forwarded-Host: admin.internal", "X-Forwarded-Prefix: /admin", "Forwarded: for=10.0.0.1"));
		// paths and methods
		rows.add(row("dot-dot path", 401, "/api/../admin"));
		rows.add(row("encoded dot-dot path", 401, "/api/%2e%2e/admin"));
		rows.add(server(row("encoded slash", 404, "/api%2Forders")));
		rows.add(server(row("other case path", 404, "/API/orders")));
		rows.add(server(leaky("unrouted path with a key", 404, KEY, "/admin", "Authorization: Token " + KEY)));
		rows.add(new Row("TRACE without credential", "TRACE", API, List.of(), 401, List.of(), true));
		rows.add(new Row("OPTIONS without credential", "OPTIONS", API, List.of(), 401, List.of(), true));
		return rows;
	}

	private String jwt(JWTClaimsSet claims) {
		return hs256(claims);
	}

	private static String truncated(String jwt, int segments) {
		String[] parts = jwt.split("\\.");
		return String.join(".", Arrays.copyOf(parts, segments));
	}

	private static Map<String, Object> nested(int depth) {
		Map<String, Object> inner = new LinkedHashMap<>(Map.of("leaf", "x"));
		for (int i = 0; i < depth; i++) {
			Map<String, Object> outer = new LinkedHashMap<>();
			outer.put("a", inner);
			inner = outer;
		}
		return inner;
	}

	/**
	 * A row: {@code spec} is either a path (starting with {@code /}) followed by header lines, or
	 * header lines only (path {@code /api/orders}); a bare token is sent as a Bearer token.
	 */
	private static Row row(String name, int status, String... spec) {
		return leaky(name, status, null, spec);
	}

	private static Row leaky(String name, int status, String secret, String... spec) {
		String target = API;
		List<String> headers = new ArrayList<>();
		List<String> secrets = new ArrayList<>();
		for (String part : spec) {
			if (part.startsWith("/")) {
				target = part;
			}
			else if (part.contains(":")) {
				headers.add(part);
			}
			else {
				headers.add("Authorization: Bearer " + part);
				secrets.add(part);
			}
		}
		if (secret != null) {
			secrets.add(secret);
		}
		return new Row(name, "GET", target, List.copyOf(headers), status, List.copyOf(secrets), true);
	}

	/** {@code row}, refused by the HTTP server (Netty, Spring's request parsing or routing) before any filter. */
	private static Row server(Row row) {
		return new Row(row.name(), row.method(), row.target(), row.headers(), row.status(), row.secrets(), false);
	}

	/**
	 * One request and what must come of it.
	 * @param byFilter whether {@code TokenAuth} answers (a problem body), not the HTTP server
	 */
	record Row(String name, String method, String target, List<String> headers, int status, List<String> secrets,
			boolean byFilter) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
