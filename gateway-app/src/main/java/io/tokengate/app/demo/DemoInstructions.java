package io.tokengate.app.demo;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Logs, once the server listens, the exact {@code curl} lines that exercise the demo.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoInstructions implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(DemoInstructions.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		String base = "http://127.0.0.1:" + event.getWebServer().getPort();
		logger.info(String.join(System.lineSeparator(), "Tokengate demo is up. Try:",
				"  curl -s '" + base + "/api/orders?page=2' -H 'Authorization: Token demo-key-alice'"
						+ "    # 200: the echo upstream shows X-Auth-* headers and no Authorization",
				"  curl -si " + base + "/api/orders"
						+ "    # 401: WWW-Authenticate: Token realm=\"demo\"",
				"  curl -si " + base + "/api/orders -H 'Authorization: Token not-a-key'"
						+ "    # 401: error=\"invalid_token\"",
				"  curl -si " + base + "/api/orders -H 'Authorization: Token demo-key-bob'"
						+ "    # 403: error=\"insufficient_scope\"",
				"  curl -s '" + base + "/protected/orders' -H 'Authorization: Token demo-key-alice'"
						+ "    # 200: X-Auth-* headers and Authorization: Bearer demo-... from the demo token endpoint",
				"  curl -si " + base + "/echo-protected/orders"
						+ "    # 401: the protected upstream wants a live token from /demo-idp/token",
				"  curl -s " + base + "/actuator/tokengate"
						+ "    # policies and credentials: fetch counts, expiry and last refresh, fingerprints only"));
	}

}
