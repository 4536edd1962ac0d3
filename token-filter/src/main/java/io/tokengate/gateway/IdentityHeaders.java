package io.tokengate.gateway;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.util.Assert;

/**
 * Names of the trusted identity headers set on the forwarded request. Whatever the caller sent
 * under these names is removed first, so an upstream can trust them.
 */
public record IdentityHeaders(String subject, String app, String scopes, String installId) {

	public static final IdentityHeaders DEFAULTS = new IdentityHeaders("X-Auth-Subject", "X-Auth-App",
			"X-Auth-Scopes", "X-Auth-Install-Id");

	public IdentityHeaders {
		Assert.hasText(subject, "subject header must not be empty");
		Assert.hasText(app, "app header must not be empty");
		Assert.hasText(scopes, "scopes header must not be empty");
		Assert.hasText(installId, "installId header must not be empty");
	}

	public List<String> names() {
		return Stream.of(this.subject, this.app, this.scopes, this.installId).toList();
	}

}
