package io.tokengate.tests.support;

import io.tokengate.app.TokengateApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the gateway with the given properties and returns why it refused to start.
 */
public final class StartupFailures {

	private StartupFailures() {
	}

	/**
	 * @return the failure thrown by {@code SpringApplication.run}
	 * @throws AssertionError if the gateway started
	 */
	public static Throwable start(String... properties) {
		try (ConfigurableApplicationContext context = builder(properties).run()) {
			throw new AssertionError("the gateway started although its configuration is invalid");
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/** Starts and stops the gateway, failing the test if it does not start. */
	public static void assertStarts(String... properties) {
		try (ConfigurableApplicationContext context = builder(properties).run()) {
			// started: that is the assertion
		}
	}

	private static SpringApplicationBuilder builder(String... properties) {
		return new SpringApplicationBuilder(TokengateApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties);
	}

}
