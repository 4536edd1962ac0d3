package io.tokengate.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.DefaultCredentialResolver;
import io.tokengate.credential.InstallTokenNames;
import io.tokengate.gateway.IdentityHeaders;
import io.tokengate.gateway.InboundPolicy;

/**
 * Builds an {@link InboundPolicy} from {@code tokengate.inbound.<name>}, rejecting anything
 * invalid with a {@link TokenGateConfigurationException} that names the property.
 */
final class InboundPolicyFactory {

	/** RFC 9110 §5.6.2 token: what a header or parameter name may be. */
	private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	/** RFC 6749 §3.3 scope-token. */
	private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

	/** What may stand inside a quoted realm without escaping surprises. */
	private static final Pattern REALM = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]+");

	private final PolicyValidatorFactory validators;

	InboundPolicyFactory(PolicyValidatorFactory validators) {
		this.validators = validators;
	}

	InboundPolicy create(String name, InboundPolicyProperties properties) {
		String prefix = TokenGateProperties.PREFIX + ".inbound." + name;
		Set<CredentialScheme> accepted = accepted(prefix, properties.getAccept());
		if (properties.getMaxCredentialLength() <= 0) {
			throw new TokenGateConfigurationException(prefix + ".max-credential-length",
					"must be positive, was " + properties.getMaxCredentialLength());
		}
		InstallTokenNames installNames = installNames(prefix + ".install", properties.getInstall());
		PolicyValidatorFactory.PolicyValidation validation = this.validators.create(name, prefix, accepted,
				properties);
		return InboundPolicy.builder(name)
			.realm(realm(prefix, properties.getRealm(), name))
			.accepted(accepted)
			.resolver(new DefaultCredentialResolver(accepted, installNames, properties.getMaxCredentialLength()))
			.validator(validation.validator())
			.validationCache(validation.cache())
			.requiredScopes(scopes(prefix + ".required-scopes", properties.getRequiredScopes()))
			.identityHeaders(identityHeaders(prefix + ".headers", properties.getHeaders()))
			.installNames(installNames)
			.build();
	}

	private static Set<CredentialScheme> accepted(String prefix, List<String> accept) {
		if (accept == null || accept.isEmpty()) {
			throw new TokenGateConfigurationException(prefix + ".accept",
					"must name at least one of " + CredentialScheme.configNames());
		}
		Set<CredentialScheme> schemes = EnumSet.noneOf(CredentialScheme.class);
		for (int i = 0; i < accept.size(); i++) {
			String value = accept.get(i);
			CredentialScheme scheme = CredentialScheme.fromConfigName(value)
				.orElseThrow(() -> new TokenGateConfigurationException(prefix + ".accept",
						"unknown value '" + value + "'; expected one of " + CredentialScheme.configNames()));
			schemes.add(scheme);
		}
		return schemes;
	}

	private static String realm(String prefix, String realm, String name) {
		String value = (realm != null) ? realm : name;
		if (!REALM.matcher(value).matches()) {
			throw new TokenGateConfigurationException(prefix + ".realm",
					"must be printable ASCII without quotes or backslashes");
		}
		return value;
	}

	private static List<String> scopes(String property, List<String> scopes) {
		List<String> result = new ArrayList<>();
		for (String scope : scopes) {
			if (scope == null || !SCOPE.matcher(scope).matches()) {
				throw new TokenGateConfigurationException(property,
						"'" + scope + "' is not a scope (RFC 6749 section 3.3)");
			}
			result.add(scope);
		}
		return result;
	}

	private static InstallTokenNames installNames(String prefix, InboundPolicyProperties.Install install) {
		return new InstallTokenNames(name(prefix + ".token-param", install.getTokenParam()),
				name(prefix + ".install-id-param", install.getInstallIdParam()),
				name(prefix + ".token-header", install.getTokenHeader()),
				name(prefix + ".install-id-header", install.getInstallIdHeader()));
	}

	private static IdentityHeaders identityHeaders(String prefix, InboundPolicyProperties.Headers headers) {
		return new IdentityHeaders(name(prefix + ".subject", headers.getSubject()),
				name(prefix + ".app", headers.getApp()), name(prefix + ".scopes", headers.getScopes()),
				name(prefix + ".install-id", headers.getInstallId()));
	}

	private static String name(String property, String value) {
		if (value == null || !NAME.matcher(value).matches()) {
			throw new TokenGateConfigurationException(property, "'" + value + "' is not a valid header or parameter name");
		}
		return value;
	}

}
