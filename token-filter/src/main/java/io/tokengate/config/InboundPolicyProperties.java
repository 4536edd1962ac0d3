package io.tokengate.config;

import java.util.ArrayList;
import java.util.List;

import io.tokengate.credential.DefaultCredentialResolver;
import io.tokengate.credential.InstallTokenNames;
import io.tokengate.gateway.IdentityHeaders;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * {@code tokengate.inbound.<name>}: one inbound policy.
 */
public class InboundPolicyProperties {

	/** Credential forms accepted: bearer, token, install. */
	private List<String> accept = new ArrayList<>(List.of("bearer"));

	/** Realm named in WWW-Authenticate challenges. Defaults to the policy name. */
	private String realm;

	/** Scopes every request must carry; a missing one is 403 insufficient_scope. */
	private List<String> requiredScopes = new ArrayList<>();

	/** Longest credential accepted, in characters; longer is 400 invalid_request. */
	private int maxCredentialLength = DefaultCredentialResolver.DEFAULT_MAX_LENGTH;

	/** Where install tokens and install ids travel. */
	private Install install = new Install();

	/** Token-scheme API keys, known only by their SHA-256. */
	private List<ApiKeyProperties> apiKeys = new ArrayList<>();

	/** Names of the trusted identity headers set on the forwarded request. */
	private Headers headers = new Headers();

	/** Local validation of JWT Bearer tokens; unset when the policy does not validate JWTs itself. */
	@NestedConfigurationProperty
	private JwtProperties jwt;

	/** RFC 7662 introspection of opaque tokens; unset when the policy does not introspect. */
	@NestedConfigurationProperty
	private IntrospectionProperties introspection;

	/** Cache of JWT and introspection answers. */
	@NestedConfigurationProperty
	private ValidationCacheProperties cache = new ValidationCacheProperties();

	public List<String> getAccept() {
		return this.accept;
	}

	public void setAccept(List<String> accept) {
		this.accept = accept;
	}

	public String getRealm() {
		return this.realm;
	}

	public void setRealm(String realm) {
		this.realm = realm;
	}

	public List<String> getRequiredScopes() {
		return this.requiredScopes;
	}

	public void setRequiredScopes(List<String> requiredScopes) {
		this.requiredScopes = requiredScopes;
	}

	public int getMaxCredentialLength() {
		return this.maxCredentialLength;
	}

	public void setMaxCredentialLength(int maxCredentialLength) {
		this.maxCredentialLength = maxCredentialLength;
	}

	public Install getInstall() {
		return this.install;
	}

	public void setInstall(Install install) {
		this.install = install;
	}

	public List<ApiKeyProperties> getApiKeys() {
		return this.apiKeys;
	}

	public void setApiKeys(List<ApiKeyProperties> apiKeys) {
		this.apiKeys = apiKeys;
	}

	public Headers getHeaders() {
		return this.headers;
	}

	public void setHeaders(Headers headers) {
		this.headers = headers;
	}

	public JwtProperties getJwt() {
		return this.jwt;
	}

	public void setJwt(JwtProperties jwt) {
		this.jwt = jwt;
	}

	public IntrospectionProperties getIntrospection() {
		return this.introspection;
	}

	public void setIntrospection(IntrospectionProperties introspection) {
		this.introspection = introspection;
	}

	public ValidationCacheProperties getCache() {
		return this.cache;
	}

	public void setCache(ValidationCacheProperties cache) {
		this.cache = cache;
	}

	/** {@code tokengate.inbound.<name>.install}. */
	public static class Install {

		/** Query parameter carrying the install token. */
		private String tokenParam = InstallTokenNames.DEFAULTS.tokenParam();

		/** Query parameter carrying the install id. */
		private String installIdParam = InstallTokenNames.DEFAULTS.installIdParam();

		/** Header carrying the install token. */
		private String tokenHeader = InstallTokenNames.DEFAULTS.tokenHeader();

		/** Header carrying the install id. */
		private String installIdHeader = InstallTokenNames.DEFAULTS.installIdHeader();

		public String getTokenParam() {
			return this.tokenParam;
		}

		public void setTokenParam(String tokenParam) {
			this.tokenParam = tokenParam;
		}

		public String getInstallIdParam() {
			return this.installIdParam;
		}

		public void setInstallIdParam(String installIdParam) {
			this.installIdParam = installIdParam;
		}

		public String getTokenHeader() {
			return this.tokenHeader;
		}

		public void setTokenHeader(String tokenHeader) {
			this.tokenHeader = tokenHeader;
		}

		public String getInstallIdHeader() {
			return this.installIdHeader;
		}

		public void setInstallIdHeader(String installIdHeader) {
			this.installIdHeader = installIdHeader;
		}

	}

	/** {@code tokengate.inbound.<name>.headers}. */
	public static class Headers {

		/** Header carrying the authenticated subject. */
		private String subject = IdentityHeaders.DEFAULTS.subject();

		/** Header carrying the application (client id). */
		private String app = IdentityHeaders.DEFAULTS.app();

		/** Header carrying the granted scopes, space-separated. */
		private String scopes = IdentityHeaders.DEFAULTS.scopes();

		/** Header carrying the install id of an install token. */
		private String installId = IdentityHeaders.DEFAULTS.installId();

		public String getSubject() {
			return this.subject;
		}

		public void setSubject(String subject) {
			this.subject = subject;
		}

		public String getApp() {
			return this.app;
		}

		public void setApp(String app) {
			this.app = app;
		}

		public String getScopes() {
			return this.scopes;
		}

		public void setScopes(String scopes) {
			this.scopes = scopes;
		}

		public String getInstallId() {
			return this.installId;
		}

		public void setInstallId(String installId) {
			this.installId = installId;
		}

	}

}
