package io.tokengate.authn;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who the caller is, as established by a validator: the values the trusted identity headers
 * carry and the partition keys upstream credentials may use.
 *
 * @param subject the user or client the credential stands for
 * @param app the application (client id) the credential was issued to, if known
 * @param scopes granted scopes, in the order the issuer listed them
 * @param installId the install id of an install token, else {@code null}
 * @param expiresAt when the credential stops being valid, or {@code null} if it does not expire
 * @param claims every other claim the validator saw, for extensions
 */
public record Identity(String subject, String app, List<String> scopes, String installId, Instant expiresAt,
		Map<String, Object> claims) {

	public Identity {
		scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
		claims = (claims != null) ? Map.copyOf(claims) : Map.of();
	}

	/** A copy carrying the install id the caller presented. */
	public Identity withInstallId(String installId) {
		return new Identity(this.subject, this.app, this.scopes, installId, this.expiresAt, this.claims);
	}

	/** Whether the identity holds every one of the given scopes. */
	public boolean hasScopes(List<String> required) {
		return this.scopes.containsAll(required);
	}

	/** Whether the credential behind this identity has expired at {@code now}. */
	public boolean isExpiredAt(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

}
