package io.tokengate.config;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.Sha256;
import io.tokengate.gateway.InboundPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InboundPolicyFactoryTests {

	private final InboundPolicyFactory factory = new InboundPolicyFactory(
			new PolicyValidatorFactory(Clock.systemUTC(), WebClient::builder));

	@Test
	void createWhenValidThenPolicyWithDefaults() {
		InboundPolicy policy = this.factory.create("partners", withKey((p) -> p.setAccept(List.of("TOKEN"))));
		assertThat(policy.realm()).isEqualTo("partners");
		assertThat(policy.accepted()).containsExactly(CredentialScheme.TOKEN);
		assertThat(policy.identityHeaders().subject()).isEqualTo("X-Auth-Subject");
		assertThat(policy.installNames().tokenParam()).isEqualTo("token");
	}

	@Test
	void createWhenUnknownAcceptValueThenNamesPropertyAndChoices() {
		assertFails(withKey((p) -> p.setAccept(List.of("token", "basic"))),
				"tokengate.inbound.partners.accept: unknown value 'basic'; expected one of bearer, token, install");
	}

	@Test
	void createWhenAcceptEmptyThenFails() {
		assertFails(withKey((p) -> p.setAccept(List.of())),
				"tokengate.inbound.partners.accept: must name at least one of bearer, token, install");
	}

	@Test
	void createWhenSha256MalformedThenNamesTheKey() {
		InboundPolicyProperties properties = withKey((p) -> p.setAccept(List.of("token")));
		properties.getApiKeys().get(0).setSha256("9f86d08188");
		assertFails(properties,
				"tokengate.inbound.partners.api-keys[0].sha256: must be the key's SHA-256 as 64 hex characters");
	}

	@Test
	void createWhenSha256MissingThenNamesTheKey() {
		InboundPolicyProperties properties = withKey((p) -> p.setAccept(List.of("token")));
		properties.getApiKeys().get(0).setSha256(null);
		assertFails(properties,
				"tokengate.inbound.partners.api-keys[0].sha256: must be the key's SHA-256 as 64 hex characters");
	}

	@Test
	void createWhenKeyWithoutSubjectThenFails() {
		InboundPolicyProperties properties = withKey((p) -> p.setAccept(List.of("token")));
		properties.getApiKeys().get(0).setSubject(" ");
		assertFails(properties, "tokengate.inbound.partners.api-keys[0].subject: must not be empty");
	}

	@Test
	void createWhenTokenAcceptedWithoutKeysThenFails() {
		InboundPolicyProperties properties = new InboundPolicyProperties();
		properties.setAccept(List.of("token"));
		assertFails(properties,
				"tokengate.inbound.partners.accept: 'token' needs tokengate.inbound.partners.api-keys "
						+ "or tokengate.inbound.partners.introspection");
	}

	@Test
	void createWhenMaxCredentialLengthNotPositiveThenFails() {
		assertFails(withKey((p) -> {
			p.setAccept(List.of("token"));
			p.setMaxCredentialLength(0);
		}), "tokengate.inbound.partners.max-credential-length: must be positive, was 0");
	}

	@Test
	void createWhenHeaderNameInvalidThenFails() {
		assertFails(withKey((p) -> {
			p.setAccept(List.of("token"));
			p.getHeaders().setSubject("X-Auth Subject");
		}), "tokengate.inbound.partners.headers.subject: 'X-Auth Subject' is not a valid header or parameter name");
	}

	@Test
	void createWhenInstallParamEmptyThenFails() {
		assertFails(withKey((p) -> {
			p.setAccept(List.of("token"));
			p.getInstall().setTokenParam("");
		}), "tokengate.inbound.partners.install.token-param: '' is not a valid header or parameter name");
	}

	@Test
	void createWhenRequiredScopeHasSpaceThenFails() {
		assertFails(withKey((p) -> {
			p.setAccept(List.of("token"));
			p.setRequiredScopes(List.of("orders read"));
		}), "tokengate.inbound.partners.required-scopes: 'orders read' is not a scope (RFC 6749 section 3.3)");
	}

	@Test
	void createWhenRealmHasQuoteThenFails() {
		assertFails(withKey((p) -> {
			p.setAccept(List.of("token"));
			p.setRealm("a\"b");
		}), "tokengate.inbound.partners.realm: must be printable ASCII without quotes or backslashes");
	}

	private void assertFails(InboundPolicyProperties properties, String message) {
		assertThatExceptionOfType(TokenGateConfigurationException.class)
			.isThrownBy(() -> this.factory.create("partners", properties))
			.withMessage(message);
	}

	private static InboundPolicyProperties withKey(Consumer<InboundPolicyProperties> customizer) {
		InboundPolicyProperties properties = new InboundPolicyProperties();
		ApiKeyProperties key = new ApiKeyProperties();
		key.setSha256(Sha256.hex("key-one"));
		key.setSubject("alice");
		properties.getApiKeys().add(key);
		customizer.accept(properties);
		return properties;
	}

}
