package io.tokengate.gateway;

import java.util.Objects;

import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.UpstreamTokenCache;

/**
 * Everything {@code UpstreamToken=<name>} needs, resolved once at start-up: how the token is
 * obtained and cached, what it is partitioned by, where it goes on the request, and whether an
 * upstream 401 is answered by renewing the token and replaying the request.
 */
public final class UpstreamCredential {

	/** Default {@code replay-body-limit}: 64 KB. */
	public static final long DEFAULT_REPLAY_BODY_LIMIT = 64 * 1024;

	private final String name;

	private final String type;

	private final PartitionType partition;

	private final UpstreamTokenCache cache;

	private final TokenInjection injection;

	private final boolean retryOnUnauthorized;

	private final long replayBodyLimit;

	private UpstreamCredential(Builder builder) {
		this.name = Objects.requireNonNull(builder.name, "name");
		this.type = Objects.requireNonNull(builder.type, "type");
		this.partition = Objects.requireNonNull(builder.partition, "partition");
		this.cache = Objects.requireNonNull(builder.cache, "cache");
		this.injection = Objects.requireNonNull(builder.injection, "injection");
		this.retryOnUnauthorized = builder.retryOnUnauthorized;
		if (builder.replayBodyLimit < 0) {
			throw new IllegalArgumentException("replayBodyLimit must not be negative");
		}
		this.replayBodyLimit = builder.replayBodyLimit;
	}

	public static Builder builder(String name) {
		return new Builder(name);
	}

	public String name() {
		return this.name;
	}

	/** The configured type, e.g. {@code oauth2-client-credentials}. */
	public String type() {
		return this.type;
	}

	public PartitionType partition() {
		return this.partition;
	}

	public UpstreamTokenCache cache() {
		return this.cache;
	}

	public TokenInjection injection() {
		return this.injection;
	}

	public boolean retryOnUnauthorized() {
		return this.retryOnUnauthorized;
	}

	/** Largest request body, in bytes, kept in memory to replay after a 401. */
	public long replayBodyLimit() {
		return this.replayBodyLimit;
	}

	@Override
	public String toString() {
		return "UpstreamCredential[" + this.name + ", type=" + this.type + ", partition="
				+ this.partition.configName() + ", inject=" + this.injection + ", retryOnUnauthorized="
				+ this.retryOnUnauthorized + "]";
	}

	/** Builds an {@link UpstreamCredential}; unpartitioned, 401 replay on, 64 KB replay limit. */
	public static final class Builder {

		private final String name;

		private String type = "custom";

		private PartitionType partition = PartitionType.NONE;

		private UpstreamTokenCache cache;

		private TokenInjection injection = TokenInjection.header("Authorization", "Bearer");

		private boolean retryOnUnauthorized = true;

		private long replayBodyLimit = DEFAULT_REPLAY_BODY_LIMIT;

		private Builder(String name) {
			this.name = name;
		}

		public Builder type(String type) {
			this.type = type;
			return this;
		}

		public Builder partition(PartitionType partition) {
			this.partition = partition;
			return this;
		}

		public Builder cache(UpstreamTokenCache cache) {
			this.cache = cache;
			return this;
		}

		public Builder injection(TokenInjection injection) {
			this.injection = injection;
			return this;
		}

		public Builder retryOnUnauthorized(boolean retryOnUnauthorized) {
			this.retryOnUnauthorized = retryOnUnauthorized;
			return this;
		}

		public Builder replayBodyLimit(long replayBodyLimit) {
			this.replayBodyLimit = replayBodyLimit;
			return this;
		}

		public UpstreamCredential build() {
			return new UpstreamCredential(this);
		}

	}

}
