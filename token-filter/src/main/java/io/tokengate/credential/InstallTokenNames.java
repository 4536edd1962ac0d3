package io.tokengate.credential;

import org.springframework.util.Assert;

/**
 * Where an install token and its install id travel: a pair of query parameters or a pair of
 * headers. The defaults match the Contextual install-token convention.
 */
public record InstallTokenNames(String tokenParam, String installIdParam, String tokenHeader,
		String installIdHeader) {

	public static final InstallTokenNames DEFAULTS = new InstallTokenNames("token", "installid", "X-Install-Token",
			"X-Install-Id");

	public InstallTokenNames {
		Assert.hasText(tokenParam, "tokenParam must not be empty");
		Assert.hasText(installIdParam, "installIdParam must not be empty");
		Assert.hasText(tokenHeader, "tokenHeader must not be empty");
		Assert.hasText(installIdHeader, "installIdHeader must not be empty");
	}

}
