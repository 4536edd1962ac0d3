package io.tokengate.gateway;

import java.net.URI;
import java.util.ArrayList;
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

	private final boolean stripInstall;

	private final Set<String> installParams;

	private final String[] hidden;

	private final String[] overlaidNames;

	ForwardedRequestNormalizer(IdentityHeaders identityHeaders, InstallTokenNames installNames,
			boolean stripInstall) {
		this.stripInstall = stripInstall;
		this.installParams = Set.of(installNames.tokenParam(), installNames.installIdParam());
		List<String> hiddenNames = new ArrayList<>(identityHeaders.names());
		hiddenNames.add(HttpHeaders.AUTHORIZATION);
		if (stripInstall) {
			hiddenNames.add(installNames.tokenHeader());
			hiddenNames.add(installNames.installIdHeader());
		}
		this.hidden = hiddenNames.toArray(String[]::new);
		this.overlaidNames = new String[] { identityHeaders.subject(), identityHeaders.app(), identityHeaders.scopes(),
				identityHeaders.installId() };
	}

	ServerHttpRequest normalize(ServerHttpRequest request, Identity identity) {
		if (!identity.isForwardable()) {
			// an identity value we cannot forward faithfully is refused, not mangled
			throw TokenError.invalidToken(null, "The identity cannot be forwarded in a header").toException();
		}
		String[] values = { identity.subject(), identity.app(),
				identity.scopes().isEmpty() ? null : identity.scopeList(), identity.installId() };
		ServerHttpRequest source = this.stripInstall ? withoutInstallParameters(request) : request;
		return ForwardedHeaders.decorate(source, this.hidden, this.overlaidNames, values);
	}

	private ServerHttpRequest withoutInstallParameters(ServerHttpRequest request) {
		URI uri = request.getURI();
		String rawQuery = uri.getRawQuery();
		if (rawQuery == null) {
			return request;
		}
		String kept = QueryParameters.without(rawQuery, this.installParams);
		if (rawQuery.equals(kept)) {
			return request;
		}
		return request.mutate().uri(UriComponentsBuilder.fromUri(uri).replaceQuery(kept).build(true).toUri()).build();
	}

}
