package io.tokengate.bench;

import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;

/**
 * Exchanges as cheap as the server's own: {@code MockServerWebExchange} builds a codec
 * configurer per exchange, which would drown what the benchmarks measure.
 */
final class Exchanges {

	private static final ServerCodecConfigurer CODECS = ServerCodecConfigurer.create();

	private static final DefaultWebSessionManager SESSIONS = new DefaultWebSessionManager();

	private static final AcceptHeaderLocaleContextResolver LOCALES = new AcceptHeaderLocaleContextResolver();

	private Exchanges() {
	}

	static ServerWebExchange of(MockServerHttpRequest request) {
		return new DefaultServerWebExchange(request, new MockServerHttpResponse(), SESSIONS, CODECS, LOCALES);
	}

}
