package io.tokengate.authn;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tokengate.credential.HeaderValues;

/**
 * Who the caller is, as established by a validator: the values the trusted identity headers
 * carry and the partition keys upstream credentials may use. Immutable.
 * <p>
 * A class rather than a record so that what every allowed request needs of a cached identity,
 * the space-separated scope list and whether its values may be sent as headers, is worked out
 * once per identity instead of once per request.
 */
public final class Identity {

	private final String subject;

	private final String app;

	private final List<String> scopes;

	private final String scopeList;

	private final String installId;

	private final Instant expiresAt;

	private final Map<String, Object> claims;

	/** Whether subject, app and scope list are safe header values. */
	private final boolean valuesForwardable;

	private final boolean forwardable;

	/**
	 * @param subject the user or client the credential stands for
	 * @param app the application (client id) the credential was issued to, if known
	 * @param scopes granted scopes, in the order the issuer listed them
	 * @param installId the install id of an install token, else {@code null}
	 * @param expiresAt when the credential stops being valid, or {@code null} if it does not expire
	 * @param claims every other claim the validator saw, for extensions
	 */
	public Identity(String subject, String app, List<String> scopes, String installId, Instant expiresAt,
			Map<String, Object> claims) {
		this(subject, app, (scopes != null) ? List.copyOf(scopes) : List.of(), null, installId, expiresAt,
				(claims != null) ? Map.copyOf(claims) : Map.of(), null);
	}

	private Identity(String subject, String app, List<String> scopes, String scopeList, String installId,
			Instant expiresAt, Map<String, Object> claims, Boolean valuesForwardable) {
		this.subject = subject;
		this.app = app;
		this.scopes = scopes;
		this.scopeList = (scopeList != null) ? scopeList : String.join(" ", scopes);
		this.installId = installId;
		this.expiresAt = expiresAt;
		this.claims = claims;
		this.valuesForwardable = (valuesForwardable != null) ? valuesForwardable
				: isSafe(subject) && isSafe(app) && isSafe(this.scopeList);
		this.forwardable = this.valuesForwardable && isSafe(installId);
	}

	private static boolean isSafe(String value) {
		return value == null || HeaderValues.isSafe(value);
	}

	public String subject() {
		return this.subject;
	}

	public String app() {
		return this.app;
	}

	public List<String> scopes() {
		return this.scopes;
	}

	/** The scopes separated by single spaces (RFC 6749 §3.3), empty when there are none. */
	public String scopeList() {
		return this.scopeList;
	}

	public String installId() {
		return this.installId;
	}

	public Instant expiresAt() {
		return this.expiresAt;
	}

	public Map<String, Object> claims() {
		return this.claims;
	}

	/**
	 * Whether subject, app, scope list and install id can all be sent as header values as they
	 * are ({@link HeaderValues#isSafe}); an identity that cannot is refused rather than mangled.
	 */
	public boolean isForwardable() {
		return this.forwardable;
	}

	/** A copy carrying the install id the caller presented. */
	public Identity withInstallId(String installId) {
		return new Identity(this.subject, this.app, this.scopes, this.scopeList, installId, this.expiresAt,
				this.claims, this.valuesForwardable);
	}

	/** Whether the identity holds every one of the given scopes. */
	public boolean hasScopes(List<String> required) {
		return this.scopes.containsAll(required);
	}

	/** Whether the credential behind this identity has expired at {@code now}. */
	public boolean isExpiredAt(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Identity that && Objects.equals(this.subject, that.subject)
				&& Objects.equals(this.app, that.app) && this.scopes.equals(that.scopes)
				&& Objects.equals(this.installId, that.installId) && Objects.equals(this.expiresAt, that.expiresAt)
				&& this.claims.equals(that.claims);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.subject, this.app, this.scopes, this.installId, this.expiresAt, this.claims);
	}

	@Override
	public String toString() {
		return "Identity[subject=" + this.subject + ", app=" + this.app + ", scopes=" + this.scopes + ", installId="
				+ this.installId + ", expiresAt=" + this.expiresAt + ", claims=" + this.claims + "]";
	}

}
