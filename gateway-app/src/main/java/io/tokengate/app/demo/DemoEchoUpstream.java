package io.tokengate.app.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The demo's upstream, served by the gateway process itself so the demo needs nothing else:
 * it answers with the method, path, query and headers it received, which makes the gateway's
 * header normalization visible.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoEchoUpstream {

	@Bean
	RouterFunction<ServerResponse> demoEcho() {
		return RouterFunctions.route()
			.path("/echo", (builder) -> builder.route((request) -> true, DemoEchoUpstream::echo))
			.build();
	}

	/** Answers with the method, path, query and headers of {@code request}. */
	static Mono<ServerResponse> echo(ServerRequest request) {
		Map<String, Object> received = new LinkedHashMap<>();
		received.put("method", request.method().name());
		received.put("path", request.path());
		received.put("query", request.uri().getRawQuery());
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.headers().asHttpHeaders().forEach((name, values) -> headers.put(name, values));
		received.put("headers", headers);
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(received);
	}

}
