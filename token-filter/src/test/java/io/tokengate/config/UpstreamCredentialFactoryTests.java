package io.tokengate.config;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.RefreshPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One test per start-up failure of {@code tokengate.upstream.*}: each names the property and
 * says what is wrong, and none repeats a secret.
 */
class UpstreamCredentialFactoryTests {

	private static final String P = "tokengate.upstream.cred";

	private static final String APP_ID = "970CA35de60c44645bbae8a215061b33";

	private static final String CERTIFICATE = "5CFd2fd1755d40ecb72977518be15d3b";

	private final UpstreamCredentialFactory factory = new UpstreamCredentialFactory(
			new UpstreamProviderFactory(WebClient.create(), Clock.systemUTC()), Clock.systemUTC());

	static UpstreamCredentialProperties oauth2() {
		UpstreamCredentialProperties properties = new UpstreamCredentialProperties();
		properties.setType("oauth2-client-credentials");
		properties.setTokenUri("https://api.aluma.example/oauth/token");
		properties.setClientId("client");
		properties.setClientSecret("very-secret");
		return properties;
	}

	static UpstreamCredentialProperties tokenEndpoint() {
		UpstreamCredentialProperties properties = new UpstreamCredentialProperties();
		properties.setType("token-endpoint");
		properties.setPartition("subject");
		properties.getRequest().setUri("https://auth.alo.example/v1/auth");
		properties.getRequest().setHeaders(new LinkedHashMap<>(Map.of("Authorization", "Bearer dev-key")));
		properties.getRequest().setBody("{\"ttl\": 60, \"user\": {\"id\": \"{subject}\"}}");
		properties.getResponse().setToken("/token");
		return properties;
	}

	static UpstreamCredentialProperties agora() {
		UpstreamCredentialProperties properties = new UpstreamCredentialProperties();
		properties.setType("agora-chat");
		properties.setAppId(APP_ID);
		properties.setAppCertificate(CERTIFICATE);
		return properties;
	}

	static UpstreamCredentialProperties staticToken() {
		UpstreamCredentialProperties properties = new UpstreamCredentialProperties();
		properties.setType("static");
		properties.setToken("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b");
		return properties;
	}

	private UpstreamCredential create(UpstreamCredentialProperties properties) {
		return this.factory.create("cred", properties);
	}

	private void assertFails(UpstreamCredentialProperties properties, Consumer<UpstreamCredentialProperties> change,
			String property, String problem) {
		change.accept(properties);
		assertThatExceptionOfType(TokenGateConfigurationException.class).isThrownBy(() -> create(properties))
			.withMessage(property + ": " + problem)
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo(property))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("very-secret", CERTIFICATE, "dev-key"));
	}

	// valid configurations

	@Test
	void createWhenOAuth2ThenUnpartitionedBearerWithDocumentedDefaults() {
		UpstreamCredential credential = create(oauth2());
		assertThat(credential.type()).isEqualTo("oauth2-client-credentials");
		assertThat(credential.partition()).isEqualTo(PartitionType.NONE);
		assertThat(credential.injection()).hasToString("header Authorization (Bearer)");
		assertThat(credential.retryOnUnauthorized()).isTrue();
		assertThat(credential.replayBodyLimit()).isEqualTo(64 * 1024);
		RefreshPolicy policy = credential.cache().policy();
		assertThat(policy.clockSkew()).isEqualTo(Duration.ofSeconds(30));
		assertThat(policy.refreshAhead()).isEqualTo(0.8);
		assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(policy.idleExpiry()).isEqualTo(Duration.ofMinutes(30));
		assertThat(policy.maxPartitions()).isEqualTo(10_000);
		assertThat(policy.firstBackoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(policy.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
		assertThat(policy.jitter()).isEqualTo(0.5);
		assertThat(credential.toString()).doesNotContain("very-secret");
	}

	@Test
	void createWhenTokenSchemeOrQueryOrRawHeaderThenInjectedSo() {
		UpstreamCredentialProperties token = staticToken();
		token.getInject().setScheme("Token");
		assertThat(create(token).injection()).hasToString("header Authorization (Token)");
		UpstreamCredentialProperties raw = staticToken();
		raw.getInject().setHeader("X-Api-Key");
		assertThat(create(raw).injection()).hasToString("header X-Api-Key");
		UpstreamCredentialProperties rawAuthorization = staticToken();
		rawAuthorization.getInject().setScheme("");
		assertThat(create(rawAuthorization).injection()).hasToString("header Authorization");
		UpstreamCredentialProperties query = tokenEndpoint();
		query.getInject().setQueryParam("token");
		query.getInject().setPartitionParam("user");
		assertThat(create(query).injection()).hasToString("query parameter token with user");
	}

	@Test
	void createWhenAgoraUserRoleThenPartitionedBySubject() {
		UpstreamCredentialProperties properties = agora();
		properties.setRole("user");
		assertThat(create(properties).partition()).isEqualTo(PartitionType.SUBJECT);
		assertThat(create(agora()).partition()).isEqualTo(PartitionType.NONE);
	}

	@Test
	void createWhenAloVendorWithValidTtlThenAccepted() {
		UpstreamCredentialProperties properties = tokenEndpoint();
		properties.setVendor("alo");
		properties.getRequest().setBody("{\"ttl\": 525600, \"user\": {\"id\": \"{subject}\"}}");
		assertThat(create(properties).type()).isEqualTo("token-endpoint");
	}

	// common properties

	@Test
	void createWhenTypeMissingThenFails() {
		assertFails(oauth2(), (p) -> p.setType(null), P + ".type",
				"is required; one of oauth2-client-credentials, token-endpoint, agora-chat, static");
	}

	@Test
	void createWhenTypeUnknownThenFails() {
		assertFails(oauth2(), (p) -> p.setType("oauth3"), P + ".type",
				"unknown type 'oauth3'; expected one of oauth2-client-credentials, token-endpoint, agora-chat, static");
	}

	@Test
	void createWhenPartitionUnknownThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.setPartition("user"), P + ".partition",
				"unknown value 'user'; expected one of none, subject, app, install-id");
	}

	@Test
	void createWhenClockSkewNegativeThenFails() {
		assertFails(oauth2(), (p) -> p.setClockSkew(Duration.ofSeconds(-1)), P + ".clock-skew",
				"must not be negative, was PT-1S");
	}

	@Test
	void createWhenRefreshAheadNotBetweenZeroAndOneThenFails() {
		assertFails(oauth2(), (p) -> p.setRefreshAhead(1.0), P + ".refresh-ahead",
				"must be between 0 and 1, exclusive, was 1.0");
		assertFails(oauth2(), (p) -> p.setRefreshAhead(0), P + ".refresh-ahead",
				"must be between 0 and 1, exclusive, was 0.0");
	}

	@Test
	void createWhenTimeoutNotPositiveThenFails() {
		assertFails(oauth2(), (p) -> p.setTimeout(Duration.ZERO), P + ".timeout", "must be positive, was PT0S");
	}

	@Test
	void createWhenIdleExpiryNegativeThenFails() {
		assertFails(oauth2(), (p) -> p.setIdleExpiry(Duration.ofMinutes(-1)), P + ".idle-expiry",
				"must not be negative, was PT-1M");
	}

	@Test
	void createWhenMaxPartitionsNotPositiveThenFails() {
		assertFails(oauth2(), (p) -> p.setMaxPartitions(0), P + ".max-partitions", "must be positive, was 0");
	}

	@Test
	void createWhenBackoffFirstNotPositiveThenFails() {
		assertFails(oauth2(), (p) -> p.getBackoff().setFirst(Duration.ZERO), P + ".backoff.first",
				"must be positive, was PT0S");
	}

	@Test
	void createWhenBackoffMaxShorterThanFirstThenFails() {
		assertFails(oauth2(), (p) -> p.getBackoff().setFirst(Duration.ofSeconds(90)), P + ".backoff.max",
				"must not be shorter than backoff.first (PT1M30S)");
		assertFails(oauth2(), (p) -> p.getBackoff().setMax(Duration.ofMillis(500)), P + ".backoff.max",
				"must not be shorter than backoff.first (PT1S)");
	}

	@Test
	void createWhenBackoffJitterOutOfRangeThenFails() {
		assertFails(oauth2(), (p) -> p.getBackoff().setJitter(1.5), P + ".backoff.jitter",
				"must be between 0 and 1, was 1.5");
	}

	@Test
	void createWhenReplayBodyLimitNegativeThenFails() {
		assertFails(oauth2(), (p) -> p.setReplayBodyLimit(DataSize.ofBytes(-1)), P + ".replay-body-limit",
				"must not be negative");
	}

	@Test
	void createWhenInjectHeaderInvalidThenFails() {
		assertFails(oauth2(), (p) -> p.getInject().setHeader("X Bad"), P + ".inject.header",
				"'X Bad' is not a valid header name");
	}

	@Test
	void createWhenInjectSchemeInvalidThenFails() {
		assertFails(oauth2(), (p) -> p.getInject().setScheme("Bear er"), P + ".inject.scheme",
				"'Bear er' is not a valid scheme name");
	}

	@Test
	void createWhenInjectQueryParamInvalidThenFails() {
		assertFails(oauth2(), (p) -> p.getInject().setQueryParam("to=ken"), P + ".inject.query-param",
				"'to=ken' is not a valid parameter name");
	}

	@Test
	void createWhenPartitionParamOnUnpartitionedCredentialThenFails() {
		assertFails(oauth2(), (p) -> {
			p.getInject().setQueryParam("token");
			p.getInject().setPartitionParam("installid");
		}, P + ".inject.partition-param", "needs a partitioned credential (partition: subject, app or install-id)");
	}

	@Test
	void createWhenPartitionParamWithoutQueryParamThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getInject().setPartitionParam("installid"), P + ".inject.partition-param",
				"only goes with " + P + ".inject.query-param");
	}

	@Test
	void createWhenVendorOnOtherTypeThenFails() {
		assertFails(oauth2(), (p) -> p.setVendor("alo"), P + ".vendor", "only applies to type token-endpoint");
	}

	// oauth2-client-credentials

	@Test
	void createWhenOAuth2PartitionedThenFails() {
		assertFails(oauth2(), (p) -> p.setPartition("subject"), P + ".partition",
				"oauth2-client-credentials tokens belong to the client, not to a caller; use none");
	}

	@Test
	void createWhenOAuth2TokenUriMissingThenFails() {
		assertFails(oauth2(), (p) -> p.setTokenUri(null), P + ".token-uri", "is required");
	}

	@Test
	void createWhenOAuth2TokenUriHasPlaceholderThenFails() {
		assertFails(oauth2(), (p) -> p.setTokenUri("https://idp.example/{app}/token"), P + ".token-uri",
				"must not use placeholders");
	}

	@Test
	void createWhenOAuth2TokenUriNotHttpThenFails() {
		assertFails(oauth2(), (p) -> p.setTokenUri("ftp://idp.example/token"), P + ".token-uri",
				"must be an absolute http or https URI");
	}

	@Test
	void createWhenOAuth2ClientIdMissingThenFails() {
		assertFails(oauth2(), (p) -> p.setClientId(""), P + ".client-id", "is required");
	}

	@Test
	void createWhenOAuth2ClientSecretMissingThenFails() {
		assertFails(oauth2(), (p) -> p.setClientSecret(null), P + ".client-secret", "is required");
	}

	@Test
	void createWhenOAuth2ClientAuthenticationUnknownThenFails() {
		assertFails(oauth2(), (p) -> p.setClientAuthentication("private_key_jwt"), P + ".client-authentication",
				"unknown value 'private_key_jwt'; expected client_secret_post or client_secret_basic");
	}

	@Test
	void createWhenDefaultTtlNotPositiveThenFails() {
		assertFails(oauth2(), (p) -> p.getResponse().setDefaultTtl(Duration.ZERO), P + ".response.default-ttl",
				"must be positive, was PT0S");
	}

	// token-endpoint

	@Test
	void createWhenRequestUriMissingThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getRequest().setUri(null), P + ".request.uri", "is required");
	}

	@Test
	void createWhenRequestUriInvalidThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getRequest().setUri("auth.example/v1/auth"), P + ".request.uri",
				"must be an absolute http or https URI");
	}

	@Test
	void createWhenRequestMethodUnknownThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getRequest().setMethod("FETCH"), P + ".request.method",
				"unknown HTTP method 'FETCH'; expected one of GET, POST, PUT, PATCH");
	}

	@Test
	void createWhenRequestHeaderNameInvalidThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getRequest().getHeaders().put("Bad Header", "x"),
				P + ".request.headers.Bad Header", "'Bad Header' is not a valid header name");
	}

	@Test
	void createWhenContentTypeInvalidThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getRequest().getHeaders().put("Content-Type", "not a type"),
				P + ".request.headers.Content-Type", "'not a type' is not a media type");
	}

	@Test
	void createWhenBodyPlaceholderInUnescapableContentTypeThenFails() {
		assertFails(tokenEndpoint(), (p) -> {
			p.getRequest().getHeaders().put("Content-Type", "text/plain");
			p.getRequest().setBody("user={subject}");
		}, P + ".request.body", "placeholders need a JSON or form Content-Type, not text/plain");
	}

	@Test
	void createWhenJsonBodyInvalidThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getRequest().setBody("{\"id\": {subject}}"), P + ".request.body",
				"is not valid JSON (placeholders belong inside JSON strings)");
	}

	@Test
	void createWhenJsonBodyEmptyThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getRequest().setBody(""), P + ".request.body", "is empty");
	}

	@Test
	void createWhenPlaceholderDoesNotMatchPartitionThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.setPartition("none"), P + ".request",
				"uses {subject}, but tokens are partitioned by none, so callers would share them; set " + P
						+ ".partition to match");
	}

	@Test
	void createWhenResponseTokenPointerMissingThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getResponse().setToken(null), P + ".response.token", "is required");
	}

	@Test
	void createWhenResponsePointerInvalidThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.getResponse().setExpiresAt("data.validUntil"),
				P + ".response.expires-at", "'data.validUntil' is not a JSON pointer (RFC 6901), e.g. /access_token");
	}

	@Test
	void createWhenVendorUnknownThenFails() {
		assertFails(tokenEndpoint(), (p) -> p.setVendor("acme"), P + ".vendor", "unknown vendor 'acme'; expected alo");
	}

	@Test
	void createWhenAloWithoutJsonBodyThenFails() {
		assertFails(tokenEndpoint(), (p) -> {
			p.setVendor("alo");
			p.getRequest().setBody(null);
		}, P + ".request.body", "ALO needs a JSON body with user.id and ttl");
	}

	@Test
	void createWhenAloWithoutUserIdThenFails() {
		assertFails(tokenEndpoint(), (p) -> {
			p.setVendor("alo");
			p.getRequest().setBody("{\"ttl\": 60, \"id\": \"{subject}\"}");
		}, P + ".request.body", "ALO needs user.id, a string");
	}

	@Test
	void createWhenAloTtlOutOfRangeThenFails() {
		assertFails(tokenEndpoint(), (p) -> {
			p.setVendor("alo");
			p.getRequest().setBody("{\"ttl\": 525601, \"user\": {\"id\": \"{subject}\"}}");
		}, P + ".request.body", "ALO's ttl is whole minutes from 1 to 525600, was 525601");
		assertFails(tokenEndpoint(), (p) -> {
			p.setVendor("alo");
			p.getRequest().setBody("{\"ttl\": 0, \"user\": {\"id\": \"{subject}\"}}");
		}, P + ".request.body", "ALO's ttl is whole minutes from 1 to 525600, was 0");
		assertFails(tokenEndpoint(), (p) -> {
			p.setVendor("alo");
			p.getRequest().setBody("{\"ttl\": 1.5, \"user\": {\"id\": \"{subject}\"}}");
		}, P + ".request.body", "ALO's ttl is whole minutes from 1 to 525600, was 1.5");
	}

	// agora-chat

	@Test
	void createWhenAgoraAppIdMissingThenFails() {
		assertFails(agora(), (p) -> p.setAppId(null), P + ".app-id", "is required");
	}

	@Test
	void createWhenAgoraAppIdMalformedThenFails() {
		assertFails(agora(), (p) -> p.setAppId("app-1"), P + ".app-id", "must be 32 hex characters");
	}

	@Test
	void createWhenAgoraCertificateMalformedThenFails() {
		assertFails(agora(), (p) -> p.setAppCertificate("xyz"), P + ".app-certificate", "must be 32 hex characters");
	}

	@Test
	void createWhenAgoraTtlOver24HoursThenFails() {
		assertFails(agora(), (p) -> p.setTtl(Duration.ofHours(24).plusSeconds(1)), P + ".ttl",
				"must be at most 24h, Agora Chat's limit, was PT24H1S");
	}

	@Test
	void createWhenAgoraTtlUnderOneSecondThenFails() {
		assertFails(agora(), (p) -> p.setTtl(Duration.ofMillis(500)), P + ".ttl", "must be at least 1s, was PT0.5S");
	}

	@Test
	void createWhenAgoraRoleUnknownThenFails() {
		assertFails(agora(), (p) -> p.setRole("admin"), P + ".role", "unknown value 'admin'; expected app or user");
	}

	@Test
	void createWhenAgoraUserTokensNotPerSubjectThenFails() {
		assertFails(agora(), (p) -> {
			p.setRole("user");
			p.setPartition("app");
		}, P + ".partition", "agora-chat user tokens are minted per subject; use subject");
	}

	@Test
	void createWhenAgoraAppTokenPartitionedThenFails() {
		assertFails(agora(), (p) -> p.setPartition("subject"), P + ".partition",
				"an agora-chat app token is the same for every caller; use none");
	}

	// static

	@Test
	void createWhenStaticTokenMissingThenFails() {
		assertFails(staticToken(), (p) -> p.setToken(" "), P + ".token", "is required");
	}

	@Test
	void createWhenStaticTokenNotPrintableThenFails() {
		assertFails(staticToken(), (p) -> p.setToken("abc def"), P + ".token", "must be printable ASCII without spaces");
	}

	@Test
	void createWhenStaticTokenPartitionedThenFails() {
		assertFails(staticToken(), (p) -> p.setPartition("app"), P + ".partition",
				"a static token is the same for every caller; use none");
	}

}
