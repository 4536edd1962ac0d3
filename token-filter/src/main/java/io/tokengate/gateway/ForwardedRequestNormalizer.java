package io.tokengate.gateway;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.tokengate.authn.Identity;
import io.tokengate.credential.InstallTokenNames;
import io.tokengate.credential.TokenError;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Prepares an authenticated request for the upstream: removes the caller's credential in every
 * form the policy reads (the {@code Authorization} header, install parameters and headers),
 * removes every identity header the caller sent, then sets the trusted identity headers.
 */
final class ForwardedRequestNormalizer {

	private final IdentityHeaders identityHeaders;

	private final InstallTokenNames installNames;

	private final boolean stripInstall;

	private final Set<String> installParams;

	ForwardedRequestNormalizer(IdentityHeaders identityHeaders, InstallTokenNames installNames,
			boolean stripInstall) {
		this.identityHeaders = identityHeaders;
		this.installNames = installNames;
		this.stripInstall = stripInstall;
		this.installParams = Set.of(installNames.tokenParam(), installNames.installIdParam());
	}

	ServerHttpRequest normalize(ServerHttpRequest request, Identity identity) {
		ServerHttpRequest.Builder builder = request.mutate().headers((headers) -> rewriteHeaders(headers, identity));
		if (this.stripInstall) {
			URI uri = request.getURI();
			String rawQuery = uri.getRawQuery();
			if (rawQuery != null) {
				String kept = QueryParameters.without(rawQuery, this.installParams);
				if (!rawQuery.equals(kept)) {
					builder.uri(UriComponentsBuilder.fromUri(uri).replaceQuery(kept).build(true).toUri());
				}
			}
		}
		return builder.build();
	}

	private void rewriteHeaders(HttpHeaders headers, Identity identity) {
		headers.remove(HttpHeaders.AUTHORIZATION);
		if (this.stripInstall) {
			headers.remove(this.installNames.tokenHeader());
			headers.remove(this.installNames.installIdHeader());
		}
		for (String name : this.identityHeaders.names()) {
			headers.remove(name);
		}
		set(headers, this.identityHeaders.subject(), identity.subject());
		set(headers, this.identityHeaders.app(), identity.app());
		if (!identity.scopes().isEmpty()) {
			set(headers, this.identityHeaders.scopes(), String.join(" ", identity.scopes()));
		}
		set(headers, this.identityHeaders.installId(), identity.installId());
	}

	private static void set(HttpHeaders headers, String name, String value) {
		if (value == null) {
			return;
		}
		if (!isHeaderSafe(value)) {
			// an identity value we cannot forward faithfully is refused, not mangled
			throw TokenError.invalidToken(null, "The identity cannot be forwarded in a header").toException();
		}
		headers.set(name, value);
	}

	/** Visible ASCII, space and tab only: no CR/LF injection, no encoding ambiguity upstream. */
	static boolean isHeaderSafe(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c > 0x7E) {
				return false;
			}
		}
		return true;
	}

	List<String> identityHeaderNames() {
		return this.identityHeaders.names();
	}

}
