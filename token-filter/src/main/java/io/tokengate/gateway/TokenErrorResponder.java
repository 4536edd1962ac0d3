package io.tokengate.gateway;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import io.tokengate.credential.TokenErrorCode;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one place that writes a denial: status, one {@code WWW-Authenticate} challenge per
 * accepted scheme (RFC 6750 §3, with {@code error} on the challenge of the scheme that was
 * used, or on every challenge when that is unknown), {@code Retry-After} for 503s, and an
 * RFC 9457 {@code application/problem+json} body. Nothing of the credential is ever written.
 */
public final class TokenErrorResponder {

	public Mono<Void> write(ServerWebExchange exchange, String realm, Set<CredentialScheme> accepted,
			TokenError error) {
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		if (error.code() == TokenErrorCode.TEMPORARILY_UNAVAILABLE) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		else {
			for (CredentialScheme scheme : accepted) {
				headers.add(HttpHeaders.WWW_AUTHENTICATE, challenge(scheme, realm, error));
			}
		}
		return ProblemResponse.write(response, error.code().status(), error.description(), extensions(error));
	}

	static String challenge(CredentialScheme scheme, String realm, TokenError error) {
		StringBuilder challenge = new StringBuilder(scheme.challengeName()).append(" realm=\"")
			.append(quoted(realm))
			.append('"');
		boolean carriesError = error.code().errorCode() != null
				&& (error.scheme() == null || error.scheme() == scheme);
		if (carriesError) {
			challenge.append(", error=\"").append(error.code().errorCode()).append('"');
			challenge.append(", error_description=\"").append(error.description()).append('"');
			if (!error.scopes().isEmpty()) {
				challenge.append(", scope=\"").append(quoted(String.join(" ", error.scopes()))).append('"');
			}
		}
		return challenge.toString();
	}

	private static String quoted(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	static byte[] problem(TokenError error) {
		return ProblemResponse.body(error.code().status(), error.description(), extensions(error));
	}

	private static Map<String, String> extensions(TokenError error) {
		// singletonMap keeps a null value, which ProblemResponse then leaves out
		return Collections.singletonMap("error", error.code().errorCode());
	}

}
