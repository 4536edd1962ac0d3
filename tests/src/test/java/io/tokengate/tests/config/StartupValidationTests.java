package io.tokengate.tests.config;

import java.util.stream.Stream;

import io.tokengate.config.TokenGateConfigurationException;
import io.tokengate.credential.Sha256;
import io.tokengate.tests.support.StartupFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid configuration stops the gateway before it serves anything, with one line that names
 * the property and says what is wrong.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTests {

	private static final String KEY = "tokengate.inbound.partners.api-keys[0].";

	private static final String ROUTE = "spring.cloud.gateway.server.webflux.routes[0].";

	private static String[] withValidPolicy(String... more) {
		return Stream.concat(Stream.of("tokengate.inbound.partners.accept=token", KEY + "sha256=" + Sha256.hex("k"),
				KEY + "subject=alice"), Stream.of(more)).toArray(String[]::new);
	}

	@Test
	void routeNamingUnknownPolicyStopsStartup(CapturedOutput output) {
		Throwable failure = StartupFailures.start(withValidPolicy(ROUTE + "id=r", ROUTE + "uri=http://127.0.0.1:9",
				ROUTE + "predicates[0]=Path=/api/**", ROUTE + "filters[0]=TokenAuth=partner"));
		assertCause(failure, "spring.cloud.gateway.server.webflux.routes[0].filters[0]: "
				+ "TokenAuth=partner names nothing; define tokengate.inbound.partner");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:" + System.lineSeparator() + System.lineSeparator()
					+ "spring.cloud.gateway.server.webflux.routes[0].filters[0]: TokenAuth=partner names nothing; "
					+ "define tokengate.inbound.partner");
	}

	@Test
	void unknownAcceptValueStopsStartup() {
		Throwable failure = StartupFailures.start(withValidPolicy("tokengate.inbound.partners.accept=token,basic"));
		assertCause(failure,
				"tokengate.inbound.partners.accept: unknown value 'basic'; expected one of bearer, token, install");
	}

	@Test
	void malformedSha256StopsStartup() {
		Throwable failure = StartupFailures.start("tokengate.inbound.partners.accept=token", KEY + "sha256=abc123",
				KEY + "subject=alice");
		assertCause(failure,
				"tokengate.inbound.partners.api-keys[0].sha256: must be the key's SHA-256 as 64 hex characters");
	}

	@Test
	void routeWithoutPolicyNameStopsStartup() {
		Throwable failure = StartupFailures.start(withValidPolicy(ROUTE + "id=r", ROUTE + "uri=http://127.0.0.1:9",
				ROUTE + "predicates[0]=Path=/api/**", ROUTE + "filters[0]=TokenAuth"));
		assertCause(failure, "spring.cloud.gateway.server.webflux.routes[0].filters[0]: "
				+ "TokenAuth needs a name, as in TokenAuth=<name>");
	}

	@Test
	void sameRouteWithKnownPolicyStarts() {
		StartupFailures.assertStarts(withValidPolicy(ROUTE + "id=r", ROUTE + "uri=http://127.0.0.1:9",
				ROUTE + "predicates[0]=Path=/api/**", ROUTE + "filters[0]=TokenAuth=partners"));
	}

	private static void assertCause(Throwable failure, String message) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof TokenGateConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("a TokenGateConfigurationException in %s", failure).isNotNull();
		assertThat(cause).hasMessage(message);
	}

}
