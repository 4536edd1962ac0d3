package io.tokengate.config;

import java.time.Duration;

/**
 * {@code tokengate.inbound.<name>.cache}: the policy's cache of JWT and introspection answers.
 */
public class ValidationCacheProperties {

	/**
	 * Whether answers are cached at all. Off, every request asks the IdP (or verifies the JWT):
	 * meant for measuring what the cache saves, not for production.
	 */
	private boolean enabled = true;

	/** Longest a positive answer is kept; it is also never kept past the token's exp minus clock-skew. */
	private Duration maxTtl = Duration.ofMinutes(5);

	/** How long an invalid_token answer (inactive, expired, bad signature) is kept. */
	private Duration negativeTtl = Duration.ofSeconds(10);

	/** Most answers kept; the least useful are evicted beyond it. */
	private long maxEntries = 100_000;

	/**
	 * How long past its fresh life a positive answer may be served while the IdP fails, never past the
	 * token's exp. 0 turns this off.
	 */
	private Duration staleIfError = Duration.ZERO;

	/** How long before the token's exp a cached answer stops being served. */
	private Duration clockSkew = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getMaxTtl() {
		return this.maxTtl;
	}

	public void setMaxTtl(Duration maxTtl) {
		this.maxTtl = maxTtl;
	}

	public Duration getNegativeTtl() {
		return this.negativeTtl;
	}

	public void setNegativeTtl(Duration negativeTtl) {
		this.negativeTtl = negativeTtl;
	}

	public long getMaxEntries() {
		return this.maxEntries;
	}

	public void setMaxEntries(long maxEntries) {
		this.maxEntries = maxEntries;
	}

	public Duration getStaleIfError() {
		return this.staleIfError;
	}

	public void setStaleIfError(Duration staleIfError) {
		this.staleIfError = staleIfError;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

}
