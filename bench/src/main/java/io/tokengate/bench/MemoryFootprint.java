package io.tokengate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tokengate.authn.Identity;
import io.tokengate.authn.TokenValidator;
import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import io.tokengate.upstream.Partition;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.RefreshPolicy;
import io.tokengate.upstream.UpstreamToken;
import io.tokengate.upstream.UpstreamTokenCache;
import reactor.core.publisher.Mono;

/**
 * Retained heap of the caches, measured as used heap after full collections before and after
 * filling them:
 * <ol>
 * <li>100 000 cached introspection answers (sub, client_id, three scopes, exp, iat);</li>
 * <li>10 000 cached upstream partitions (one token per user);</li>
 * <li>a flood of 1 000 000 distinct invalid tokens against a cache bounded at 100 000 entries:
 * its size stays at the bound and the heap flat.</li>
 * </ol>
 * Run: {@code java -Xmx1g -cp bench/target/benchmarks.jar io.tokengate.bench.MemoryFootprint}
 */
public final class MemoryFootprint {

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private MemoryFootprint() {
	}

	public static void main(String[] args) {
		Clock clock = Clock.systemUTC();
		validationAnswers(clock, 100_000);
		upstreamPartitions(clock, 10_000);
		invalidFlood(clock, 1_000_000, 100_000);
	}

	private static void validationAnswers(Clock clock, int count) {
		Instant iat = clock.instant();
		TokenValidator introspection = (credential) -> Mono.just(new Identity("user-" + credential.value().substring(6),
				"client-7", List.of("orders.read", "orders.write", "profile"), null, iat.plus(Duration.ofHours(1)),
				Map.of("iat", iat.getEpochSecond())));
		ValidationCache cache = ValidationCache.builder("footprint", clock).maxEntries(count * 2L).build();
		String[] tokens = new String[count];
		for (int i = 0; i < count; i++) {
			// opaque tokens of a realistic length (32 random-looking characters), made before measuring
			tokens[i] = "token-" + Long.toHexString(i * 0x9E3779B97F4A7C15L) + Integer.toHexString(i) + "abcdef0123";
		}
		long before = usedAfterGc();
		for (String token : tokens) {
			cache.validate(Credential.bearer(token), introspection).block();
		}
		long after = usedAfterGc();
		report("validation answers", count, cache.estimatedSize(), before, after);
	}

	private static void upstreamPartitions(Clock clock, int count) {
		UpstreamTokenCache cache = new UpstreamTokenCache("footprint",
				(partition) -> Mono.just(new UpstreamToken("upstream-token-for-" + partition.value() + "-0123456789abcdef",
						clock.instant(), clock.instant().plus(Duration.ofHours(1)))),
				RefreshPolicy.builder().maxPartitions(count * 2L).build(), clock);
		Partition[] partitions = new Partition[count];
		for (int i = 0; i < count; i++) {
			partitions[i] = Partition.of(PartitionType.SUBJECT, "user-" + i);
		}
		long before = usedAfterGc();
		for (Partition partition : partitions) {
			cache.token(partition).block();
		}
		long after = usedAfterGc();
		report("upstream partitions", count, cache.snapshot().partitions().size(), before, after);
	}

	private static void invalidFlood(Clock clock, int tokens, long maxEntries) {
		TokenValidator idp = (credential) -> Mono
			.error(TokenError.invalidToken(CredentialScheme.BEARER, "The token is not active").toException());
		ValidationCache cache = ValidationCache.builder("flood", clock).maxEntries(maxEntries).build();
		long before = usedAfterGc();
		long peakSize = 0;
		for (int i = 1; i <= tokens; i++) {
			cache.validate(Credential.bearer("invalid-" + i), idp).onErrorResume((ex) -> Mono.empty()).block();
			if (i % 100_000 == 0) {
				cache.cleanUp();
				peakSize = Math.max(peakSize, cache.estimatedSize());
				System.out.printf("flood: %,9d tokens  cache size %,7d  heap after GC %6.1f MiB%n", i,
						cache.estimatedSize(), usedAfterGc() / 1048576.0);
			}
		}
		long after = usedAfterGc();
		System.out.printf("flood: %,d distinct invalid tokens, max-entries %,d: largest size seen %,d, "
				+ "heap %.1f MiB before, %.1f MiB after%n", tokens, maxEntries, peakSize, before / 1048576.0,
				after / 1048576.0);
	}

	private static void report(String what, int count, long size, long before, long after) {
		System.out.printf("%s: %,d cached (size %,d), retained %.1f MiB, %,d bytes per entry%n", what, count, size,
				(after - before) / 1048576.0, (after - before) / count);
	}

	private static long usedAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return MEMORY.getHeapMemoryUsage().getUsed();
	}

}
