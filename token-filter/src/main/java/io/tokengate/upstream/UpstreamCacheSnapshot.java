package io.tokengate.upstream;

import java.time.Instant;
import java.util.List;

/**
 * A point-in-time view of one credential's cache, for operator endpoints and metrics: no token
 * value, only fingerprints.
 *
 * @param credential the credential name
 * @param fetches fetches started since start-up (loads, refreshes and renewals)
 * @param failedFetches of those, how many failed
 * @param lastError the most recent failure, or {@code null} if none
 * @param partitions the cached partitions with a settled state; fetches in flight are not listed
 */
public record UpstreamCacheSnapshot(String credential, long fetches, long failedFetches, FetchError lastError,
		List<PartitionState> partitions) {

	public UpstreamCacheSnapshot {
		partitions = List.copyOf(partitions);
	}

	/**
	 * One partition.
	 *
	 * @param partition which partition
	 * @param fingerprint fingerprint of the current token, or {@code null} if there is none
	 * @param issuedAt when the current token was obtained (its last successful refresh)
	 * @param expiresAt when it expires, {@code null} if it does not
	 * @param refreshAt when a background refresh is due, {@code null} if never
	 * @param usable whether it would be sent now
	 * @param failures fetches failed in a row
	 * @param nextAttemptAt no fetch before this, while backing off
	 * @param lastError why the last fetch failed, if it did
	 */
	public record PartitionState(Partition partition, String fingerprint, Instant issuedAt, Instant expiresAt,
			Instant refreshAt, boolean usable, int failures, Instant nextAttemptAt, String lastError) {
	}

	/**
	 * A failed fetch.
	 *
	 * @param at when it failed
	 * @param reason why, safe to log
	 */
	public record FetchError(Instant at, String reason) {
	}

}
