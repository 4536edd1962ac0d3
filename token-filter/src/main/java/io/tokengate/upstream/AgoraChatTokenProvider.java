package io.tokengate.upstream;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntSupplier;

import reactor.core.publisher.Mono;

/**
 * {@code type: agora-chat}: Agora Chat AccessToken2 tokens minted locally from the app id and
 * app certificate, no network involved. {@code role: app} mints the app token for Agora's REST
 * API (one for everybody); {@code role: user} mints a user token for the partition's subject.
 * Agora accepts at most 24 hours of validity; the issue time comes from the injected
 * {@code Clock}, the salt from a {@link SecureRandom} in the range other vendor SDKs use.
 *
 * @see AgoraAccessToken2
 */
public final class AgoraChatTokenProvider implements UpstreamTokenProvider {

	/** The longest validity Agora Chat accepts. */
	public static final Duration MAX_TTL = Duration.ofHours(24);

	private final String appId;

	private final String appCertificate;

	private final Role role;

	private final int ttlSeconds;

	private final Clock clock;

	private final IntSupplier salt;

	public AgoraChatTokenProvider(String appId, String appCertificate, Role role, Duration ttl, Clock clock) {
		this(appId, appCertificate, role, ttl, clock, secureSalt());
	}

	AgoraChatTokenProvider(String appId, String appCertificate, Role role, Duration ttl, Clock clock,
			IntSupplier salt) {
		if (!AgoraAccessToken2.isValidId(appId) || !AgoraAccessToken2.isValidId(appCertificate)) {
			throw new IllegalArgumentException("app id and app certificate must be 32 hex characters");
		}
		if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
			throw new IllegalArgumentException("ttl must be between 1s and 24h");
		}
		this.appId = appId;
		this.appCertificate = appCertificate;
		this.role = Objects.requireNonNull(role, "role");
		this.ttlSeconds = (int) ttl.toSeconds();
		this.clock = Objects.requireNonNull(clock, "clock");
		this.salt = salt;
	}

	private static IntSupplier secureSalt() {
		SecureRandom random = new SecureRandom();
		return () -> 1 + random.nextInt(99_999_999);
	}

	@Override
	public Mono<UpstreamToken> fetch(Partition partition) {
		return Mono.fromSupplier(() -> mint(partition));
	}

	private UpstreamToken mint(Partition partition) {
		Instant issuedAt = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
		int issueTs = (int) issuedAt.getEpochSecond();
		String token = (this.role == Role.USER)
				? AgoraAccessToken2.chatUserToken(this.appId, this.appCertificate, partition.value(), issueTs,
						this.ttlSeconds, this.salt.getAsInt())
				: AgoraAccessToken2.chatAppToken(this.appId, this.appCertificate, issueTs, this.ttlSeconds,
						this.salt.getAsInt());
		return new UpstreamToken(token, issuedAt, issuedAt.plusSeconds(this.ttlSeconds));
	}

	@Override
	public String toString() {
		return "AgoraChatTokenProvider[role=" + this.role + ", ttl=" + this.ttlSeconds + "s]";
	}

	/** Which Chat privilege the token carries. */
	public enum Role {

		/** App privileges, for Agora Chat REST API calls. */
		APP,

		/** User privileges, one token per subject, for the Chat SDK. */
		USER

	}

}
