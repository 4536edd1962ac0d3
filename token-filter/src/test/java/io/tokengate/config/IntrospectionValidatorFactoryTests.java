package io.tokengate.config;

import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IntrospectionValidatorFactoryTests {

	private static final String PREFIX = "tokengate.inbound.partners.introspection";

	private final IntrospectionValidatorFactory factory = new IntrospectionValidatorFactory(WebClient::builder);

	private static IntrospectionProperties valid(Consumer<IntrospectionProperties> change) {
		IntrospectionProperties introspection = new IntrospectionProperties();
		introspection.setUri("https://idp.example/introspect");
		introspection.setClientId("gateway");
		introspection.setClientSecret("secret");
		change.accept(introspection);
		return introspection;
	}

	private void assertRejected(Consumer<IntrospectionProperties> change, String message) {
		assertThatExceptionOfType(TokenGateConfigurationException.class)
			.isThrownBy(() -> this.factory.create(PREFIX, valid(change)))
			.withMessage(message);
	}

	@Test
	void createWhenValidThenDefaults() {
		assertThat(this.factory.create(PREFIX, valid((introspection) -> {
		})).toString()).isEqualTo("IntrospectionTokenValidator[WebClientTokenIntrospector["
				+ "uri=https://idp.example/introspect, clientId=gateway, client_secret_basic, timeout=PT2S], "
				+ "installIdClaim=installid]");
	}

	@Test
	void createWhenClientSecretPostThenUsed() {
		assertThat(this.factory
			.create(PREFIX, valid((introspection) -> introspection.setClientAuthentication("client_secret_post")))
			.toString()).contains("client_secret_post");
	}

	@Test
	void createWhenUriMissingThenRejected() {
		assertRejected((introspection) -> introspection.setUri(null), PREFIX + ".uri: must be set");
	}

	@Test
	void createWhenUriNotAbsoluteThenRejected() {
		assertRejected((introspection) -> introspection.setUri("/introspect"),
				PREFIX + ".uri: '/introspect' is not an absolute http or https URI");
	}

	@Test
	void createWhenClientIdMissingThenRejected() {
		assertRejected((introspection) -> introspection.setClientId(""), PREFIX + ".client-id: must be set");
	}

	@Test
	void createWhenClientSecretMissingThenRejected() {
		assertRejected((introspection) -> introspection.setClientSecret(null), PREFIX + ".client-secret: must be set");
	}

	@Test
	void createWhenUnknownClientAuthenticationThenRejected() {
		assertRejected((introspection) -> introspection.setClientAuthentication("private_key_jwt"), PREFIX
				+ ".client-authentication: unknown value 'private_key_jwt'; expected client_secret_basic or client_secret_post");
	}

	@Test
	void createWhenNegativeTimeoutThenRejected() {
		assertRejected((introspection) -> introspection.setTimeout(Duration.ofMillis(-5)),
				PREFIX + ".timeout: must be positive, was PT-0.005S");
	}

	@Test
	void createWhenZeroRetryAfterThenRejected() {
		assertRejected((introspection) -> introspection.setRetryAfter(Duration.ZERO),
				PREFIX + ".retry-after: must be positive, was PT0S");
	}

	@Test
	void createWhenInstallIdClaimEmptyThenRejected() {
		assertRejected((introspection) -> introspection.setInstallIdClaim(" "), PREFIX + ".install-id-claim: must be set");
	}

}
