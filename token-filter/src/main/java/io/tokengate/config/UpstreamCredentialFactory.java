package io.tokengate.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import io.tokengate.gateway.TokenInjection;
import io.tokengate.gateway.UpstreamCredential;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.RefreshPolicy;
import io.tokengate.upstream.UpstreamTokenCache;
import io.tokengate.upstream.UpstreamTokenProvider;

/**
 * Builds an {@link UpstreamCredential} from {@code tokengate.upstream.<name>}: the settings every
 * type shares (partition, injection, timing, 401 replay) here, the type's provider in
 * {@link UpstreamProviderFactory}. Anything invalid stops start-up with a
 * {@link TokenGateConfigurationException} naming the property and never its value when that
 * value may be a secret.
 */
final class UpstreamCredentialFactory {

	/** RFC 9110 §5.6.2 token: header names, parameter names and auth-schemes. */
	static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private final UpstreamProviderFactory providers;

	private final Clock clock;

	UpstreamCredentialFactory(UpstreamProviderFactory providers, Clock clock) {
		this.providers = providers;
		this.clock = clock;
	}

	UpstreamCredential create(String name, UpstreamCredentialProperties properties) {
		String prefix = TokenGateProperties.PREFIX + ".upstream." + name;
		UpstreamType type = type(prefix + ".type", properties.getType());
		PartitionType partition = partition(prefix + ".partition", properties.getPartition(),
				type.defaultPartition(properties));
		UpstreamTokenProvider provider = this.providers.create(prefix, type, partition, properties);
		RefreshPolicy policy = policy(prefix, properties);
		return UpstreamCredential.builder(name)
			.type(type.configName())
			.partition(partition)
			.cache(new UpstreamTokenCache(name, provider, policy, this.clock))
			.injection(injection(prefix + ".inject", properties.getInject(), partition))
			.retryOnUnauthorized(properties.isRetryOnUnauthorized())
			.replayBodyLimit(replayBodyLimit(prefix + ".replay-body-limit", properties))
			.build();
	}

	private static UpstreamType type(String property, String value) {
		if (value == null || value.isBlank()) {
			throw new TokenGateConfigurationException(property, "is required; one of " + UpstreamType.configNames());
		}
		return UpstreamType.fromConfigName(value)
			.orElseThrow(() -> new TokenGateConfigurationException(property,
					"unknown type '" + value + "'; expected one of " + UpstreamType.configNames()));
	}

	private static PartitionType partition(String property, String value, PartitionType fallback) {
		if (value == null) {
			return fallback;
		}
		return PartitionType.fromConfigName(value)
			.orElseThrow(() -> new TokenGateConfigurationException(property,
					"unknown value '" + value + "'; expected one of " + PartitionType.configNames()));
	}

	private static RefreshPolicy policy(String prefix, UpstreamCredentialProperties properties) {
		Duration skew = notNegative(prefix + ".clock-skew", properties.getClockSkew());
		double refreshAhead = properties.getRefreshAhead();
		if (!(refreshAhead > 0 && refreshAhead < 1)) {
			throw new TokenGateConfigurationException(prefix + ".refresh-ahead",
					"must be between 0 and 1, exclusive, was " + refreshAhead);
		}
		if (properties.getMaxPartitions() <= 0) {
			throw new TokenGateConfigurationException(prefix + ".max-partitions",
					"must be positive, was " + properties.getMaxPartitions());
		}
		UpstreamCredentialProperties.Backoff backoff = properties.getBackoff();
		Duration first = positive(prefix + ".backoff.first", backoff.getFirst());
		Duration max = positive(prefix + ".backoff.max", backoff.getMax());
		if (max.compareTo(first) < 0) {
			throw new TokenGateConfigurationException(prefix + ".backoff.max",
					"must not be shorter than backoff.first (" + first + ")");
		}
		if (!(backoff.getJitter() >= 0 && backoff.getJitter() <= 1)) {
			throw new TokenGateConfigurationException(prefix + ".backoff.jitter",
					"must be between 0 and 1, was " + backoff.getJitter());
		}
		return RefreshPolicy.builder()
			.clockSkew(skew)
			.refreshAhead(refreshAhead)
			.timeout(positive(prefix + ".timeout", properties.getTimeout()))
			.idleExpiry(positive(prefix + ".idle-expiry", properties.getIdleExpiry()))
			.maxPartitions(properties.getMaxPartitions())
			.backoff(first, max, backoff.getJitter())
			.build();
	}

	private static TokenInjection injection(String prefix, UpstreamCredentialProperties.Inject inject,
			PartitionType partition) {
		if (inject.getQueryParam() != null) {
			String param = name(prefix + ".query-param", inject.getQueryParam(), "parameter");
			String partitionParam = inject.getPartitionParam();
			if (partitionParam != null) {
				name(prefix + ".partition-param", partitionParam, "parameter");
				if (!partition.isPartitioned()) {
					throw new TokenGateConfigurationException(prefix + ".partition-param",
							"needs a partitioned credential (partition: subject, app or install-id)");
				}
			}
			return TokenInjection.queryParameter(param, partitionParam);
		}
		if (inject.getPartitionParam() != null) {
			throw new TokenGateConfigurationException(prefix + ".partition-param", "only goes with "
					+ prefix + ".query-param");
		}
		String header = name(prefix + ".header", inject.getHeader(), "header");
		String scheme = inject.getScheme();
		if (scheme == null) {
			scheme = "authorization".equals(header.toLowerCase(Locale.ROOT)) ? "Bearer" : null;
		}
		else if (!scheme.isEmpty()) {
			name(prefix + ".scheme", scheme, "scheme");
		}
		return TokenInjection.header(header, scheme);
	}

	private static long replayBodyLimit(String property, UpstreamCredentialProperties properties) {
		if (properties.getReplayBodyLimit() == null || properties.getReplayBodyLimit().isNegative()) {
			throw new TokenGateConfigurationException(property, "must not be negative");
		}
		return properties.getReplayBodyLimit().toBytes();
	}

	static String name(String property, String value, String what) {
		if (value == null || !NAME.matcher(value).matches()) {
			throw new TokenGateConfigurationException(property, "'" + value + "' is not a valid " + what + " name");
		}
		return value;
	}

	static Duration notNegative(String property, Duration value) {
		if (value == null || value.isNegative()) {
			throw new TokenGateConfigurationException(property, "must not be negative, was " + value);
		}
		return value;
	}

	static Duration positive(String property, Duration value) {
		if (notNegative(property, value).isZero()) {
			throw new TokenGateConfigurationException(property, "must be positive, was " + value);
		}
		return value;
	}

	/** The credential types and the partition each uses unless configured. */
	enum UpstreamType {

		OAUTH2_CLIENT_CREDENTIALS("oauth2-client-credentials"),

		TOKEN_ENDPOINT("token-endpoint"),

		AGORA_CHAT("agora-chat"),

		STATIC("static");

		private final String configName;

		UpstreamType(String configName) {
			this.configName = configName;
		}

		String configName() {
			return this.configName;
		}

		PartitionType defaultPartition(UpstreamCredentialProperties properties) {
			boolean agoraUser = this == AGORA_CHAT && "user".equalsIgnoreCase(String.valueOf(properties.getRole()).trim());
			return agoraUser ? PartitionType.SUBJECT : PartitionType.NONE;
		}

		static java.util.Optional<UpstreamType> fromConfigName(String name) {
			String normalized = name.trim().toLowerCase(Locale.ROOT);
			return Arrays.stream(values()).filter((type) -> type.configName.equals(normalized)).findFirst();
		}

		static String configNames() {
			return String.join(", ", Arrays.stream(values()).map(UpstreamType::configName).toList());
		}

	}

}
