package io.tokengate.app.demo;

import java.time.Clock;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The upstream half of the demo, served by the gateway process itself: an OAuth2 token endpoint
 * at {@code /demo-idp/token} (client credentials, client {@code demo-gateway} with secret
 * {@code demo-client-secret}) issuing 30-second tokens, and an upstream at
 * {@code /echo-protected/**} that answers 401 unless the request carries a live token from that
 * endpoint, and otherwise echoes what it received like {@code /echo}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoTokenUpstream {

	static final String CLIENT_ID = "demo-gateway";

	static final String CLIENT_SECRET = "demo-client-secret";

	@Bean
	RouterFunction<ServerResponse> demoTokenEndpointAndProtectedEcho(Clock clock) {
		DemoIssuedTokens tokens = new DemoIssuedTokens(clock);
		return RouterFunctions.route()
			.POST("/demo-idp/token", (request) -> token(request, tokens))
			.path("/echo-protected", (builder) -> builder.route((request) -> true,
					(request) -> protectedEcho(request, tokens)))
			.build();
	}

	private static Mono<ServerResponse> token(ServerRequest request, DemoIssuedTokens tokens) {
		return request.formData().flatMap((form) -> {
			boolean client = "client_credentials".equals(form.getFirst("grant_type"))
					&& CLIENT_ID.equals(form.getFirst("client_id")) && CLIENT_SECRET.equals(form.getFirst("client_secret"));
			if (!client) {
				return ServerResponse.status(HttpStatus.UNAUTHORIZED)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("error", "invalid_client"));
			}
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("access_token", tokens.issue(), "token_type", "Bearer", "expires_in",
						DemoIssuedTokens.LIFETIME.toSeconds()));
		});
	}

	private static Mono<ServerResponse> protectedEcho(ServerRequest request, DemoIssuedTokens tokens) {
		String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		String token = (authorization != null && authorization.startsWith("Bearer ")) ? authorization.substring(7)
				: null;
		if (!tokens.isLive(token)) {
			return ServerResponse.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"demo-upstream\"")
				.build();
		}
		return DemoEchoUpstream.echo(request);
	}

}
