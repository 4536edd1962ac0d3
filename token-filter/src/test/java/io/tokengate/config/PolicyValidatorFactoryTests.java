package io.tokengate.config;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.Sha256;
import io.tokengate.credential.TokenErrorException;
import io.tokengate.support.TestClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PolicyValidatorFactoryTests {

	private static final String PREFIX = "tokengate.inbound.partners";

	private final AtomicInteger introspections = new AtomicInteger();

	private final PolicyValidatorFactory factory = new PolicyValidatorFactory(
			new TestClock(Instant.parse("2030-01-01T00:00:00Z")), () -> WebClient.builder().exchangeFunction((request) -> {
				this.introspections.incrementAndGet();
				return Mono.just(ClientResponse.create(HttpStatus.OK)
					.header(HttpHeaders.CONTENT_TYPE, "application/json")
					.body("{\"active\":true,\"sub\":\"introspected\",\"exp\":1893459600}")
					.build());
			}));

	private static InboundPolicyProperties properties() {
		return new InboundPolicyProperties();
	}

	private static IntrospectionProperties introspection() {
		IntrospectionProperties introspection = new IntrospectionProperties();
		introspection.setUri("http://idp.example/introspect");
		introspection.setClientId("gateway");
		introspection.setClientSecret("secret");
		return introspection;
	}

	private static ApiKeyProperties apiKey(String key, String subject) {
		ApiKeyProperties apiKey = new ApiKeyProperties();
		apiKey.setSha256(Sha256.hex(key));
		apiKey.setSubject(subject);
		return apiKey;
	}

	private PolicyValidatorFactory.PolicyValidation create(Set<CredentialScheme> accepted,
			InboundPolicyProperties properties) {
		return this.factory.create("partners", PREFIX, accepted, properties);
	}

	private void assertRejected(Set<CredentialScheme> accepted, InboundPolicyProperties properties, String message) {
		assertThatExceptionOfType(TokenGateConfigurationException.class).isThrownBy(() -> create(accepted, properties))
			.withMessage(message);
	}

	@Test
	void createWhenBearerWithoutJwtOrIntrospectionThenRejected() {
		assertRejected(EnumSet.of(CredentialScheme.BEARER), properties(),
				PREFIX + ".accept: 'bearer' needs " + PREFIX + ".jwt or " + PREFIX + ".introspection");
	}

	@Test
	void createWhenInstallWithoutIntrospectionThenRejected() {
		InboundPolicyProperties properties = properties();
		JwtProperties jwt = new JwtProperties();
		jwt.setSecret("0123456789abcdef0123456789abcdef");
		properties.setJwt(jwt);
		assertRejected(EnumSet.of(CredentialScheme.INSTALL), properties,
				PREFIX + ".accept: 'install' needs " + PREFIX + ".introspection");
	}

	@Test
	void createWhenTokenWithoutApiKeysOrIntrospectionThenRejected() {
		assertRejected(EnumSet.of(CredentialScheme.TOKEN), properties(),
				PREFIX + ".accept: 'token' needs " + PREFIX + ".api-keys or " + PREFIX + ".introspection");
	}

	@Test
	void createWhenCacheInvalidEvenWithoutJwtOrIntrospectionThenRejected() {
		InboundPolicyProperties properties = properties();
		properties.setApiKeys(List.of(apiKey("key-1", "alice")));
		properties.getCache().setMaxEntries(0);
		assertRejected(EnumSet.of(CredentialScheme.TOKEN), properties,
				PREFIX + ".cache.max-entries: must be at least 1, was 0");
	}

	@Test
	void createWhenApiKeysOnlyThenNoCache() {
		InboundPolicyProperties properties = properties();
		properties.setApiKeys(List.of(apiKey("key-1", "alice")));
		assertThat(create(EnumSet.of(CredentialScheme.TOKEN), properties).cache()).isNull();
	}

	@Test
	void createWhenTokenWithApiKeysAndIntrospectionThenKeysFirstThenCachedIntrospection() {
		InboundPolicyProperties properties = properties();
		properties.setApiKeys(List.of(apiKey("key-1", "alice")));
		properties.setIntrospection(introspection());
		PolicyValidatorFactory.PolicyValidation validation = create(EnumSet.of(CredentialScheme.TOKEN), properties);
		StepVerifier.create(validation.validator().validate(Credential.token("key-1")))
			.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("alice"))
			.verifyComplete();
		assertThat(this.introspections).hasValue(0);
		for (int i = 0; i < 2; i++) {
			StepVerifier.create(validation.validator().validate(Credential.token("key-2")))
				.assertNext((identity) -> assertThat(identity.subject()).isEqualTo("introspected"))
				.verifyComplete();
		}
		assertThat(this.introspections).hasValue(1);
		assertThat(validation.cache().estimatedSize()).isEqualTo(1);
	}

	@Test
	void createWhenBearerAndInstallThenShareOneCacheKeyedBySchemeAndInstallId() {
		InboundPolicyProperties properties = properties();
		IntrospectionProperties introspection = introspection();
		introspection.setInstallIdClaim("sub");
		properties.setIntrospection(introspection);
		PolicyValidatorFactory.PolicyValidation validation = create(
				EnumSet.of(CredentialScheme.BEARER, CredentialScheme.INSTALL), properties);
		validation.validator().validate(Credential.bearer("opaque-1")).block();
		validation.validator().validate(Credential.install("opaque-1", "introspected")).block();
		StepVerifier.create(validation.validator().validate(Credential.install("opaque-1", "someone-else")))
			.expectError(TokenErrorException.class)
			.verify();
		validation.validator().validate(Credential.bearer("opaque-1")).block();
		assertThat(this.introspections).hasValue(3);
	}

	@Test
	void createWhenCacheDisabledThenEveryRequestIsIntrospected() {
		InboundPolicyProperties properties = properties();
		properties.setIntrospection(introspection());
		properties.getCache().setEnabled(false);
		PolicyValidatorFactory.PolicyValidation validation = create(EnumSet.of(CredentialScheme.BEARER), properties);
		assertThat(validation.cache()).isNull();
		for (int i = 0; i < 3; i++) {
			validation.validator().validate(Credential.bearer("opaque-1")).block();
		}
		assertThat(this.introspections).hasValue(3);
	}

}
