package io.tokengate.gateway;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.tokengate.authn.TokenValidator;
import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.CredentialResolver;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.InstallTokenNames;

/**
 * Everything {@code TokenAuth=<name>} needs, resolved once at start-up: which credential forms
 * are accepted and how they are read, how they are validated, which scopes the routes require
 * and which identity headers are trusted.
 */
public final class InboundPolicy {

	private final String name;

	private final String realm;

	private final Set<CredentialScheme> accepted;

	private final CredentialResolver resolver;

	private final TokenValidator validator;

	private final List<String> requiredScopes;

	private final IdentityHeaders identityHeaders;

	private final InstallTokenNames installNames;

	private final ValidationCache validationCache;

	private InboundPolicy(Builder builder) {
		this.name = Objects.requireNonNull(builder.name, "name");
		this.realm = (builder.realm != null) ? builder.realm : builder.name;
		this.accepted = EnumSet.copyOf(builder.accepted);
		this.resolver = Objects.requireNonNull(builder.resolver, "resolver");
		this.validator = Objects.requireNonNull(builder.validator, "validator");
		this.requiredScopes = List.copyOf(builder.requiredScopes);
		this.identityHeaders = builder.identityHeaders;
		this.installNames = builder.installNames;
		this.validationCache = builder.validationCache;
	}

	public static Builder builder(String name) {
		return new Builder(name);
	}

	public String name() {
		return this.name;
	}

	public String realm() {
		return this.realm;
	}

	public Set<CredentialScheme> accepted() {
		return this.accepted;
	}

	public CredentialResolver resolver() {
		return this.resolver;
	}

	public TokenValidator validator() {
		return this.validator;
	}

	public List<String> requiredScopes() {
		return this.requiredScopes;
	}

	public IdentityHeaders identityHeaders() {
		return this.identityHeaders;
	}

	public InstallTokenNames installNames() {
		return this.installNames;
	}

	/** The cache of JWT and introspection answers, for operator endpoints and metrics. */
	public Optional<ValidationCache> validationCache() {
		return Optional.ofNullable(this.validationCache);
	}

	@Override
	public String toString() {
		return "InboundPolicy[" + this.name + ", accept=" + this.accepted + ", requiredScopes=" + this.requiredScopes
				+ "]";
	}

	/** Builds an {@link InboundPolicy}; realm defaults to the policy name, headers to the defaults. */
	public static final class Builder {

		private final String name;

		private String realm;

		private Set<CredentialScheme> accepted = EnumSet.of(CredentialScheme.BEARER);

		private CredentialResolver resolver;

		private TokenValidator validator;

		private List<String> requiredScopes = List.of();

		private IdentityHeaders identityHeaders = IdentityHeaders.DEFAULTS;

		private InstallTokenNames installNames = InstallTokenNames.DEFAULTS;

		private ValidationCache validationCache;

		private Builder(String name) {
			this.name = name;
		}

		public Builder realm(String realm) {
			this.realm = realm;
			return this;
		}

		public Builder accepted(Set<CredentialScheme> accepted) {
			this.accepted = EnumSet.copyOf(accepted);
			return this;
		}

		public Builder resolver(CredentialResolver resolver) {
			this.resolver = resolver;
			return this;
		}

		public Builder validator(TokenValidator validator) {
			this.validator = validator;
			return this;
		}

		public Builder requiredScopes(List<String> requiredScopes) {
			this.requiredScopes = requiredScopes;
			return this;
		}

		public Builder identityHeaders(IdentityHeaders identityHeaders) {
			this.identityHeaders = Objects.requireNonNull(identityHeaders);
			return this;
		}

		public Builder installNames(InstallTokenNames installNames) {
			this.installNames = Objects.requireNonNull(installNames);
			return this;
		}

		/** The policy's validation cache, or {@code null} when it has none. */
		public Builder validationCache(ValidationCache validationCache) {
			this.validationCache = validationCache;
			return this;
		}

		public InboundPolicy build() {
			return new InboundPolicy(this);
		}

	}

}
