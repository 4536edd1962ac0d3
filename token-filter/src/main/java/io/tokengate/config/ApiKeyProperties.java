package io.tokengate.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code tokengate.inbound.<name>.api-keys[i]}: one Token-scheme key, known only by its SHA-256
 * (e.g. {@code printf %s "$KEY" | sha256sum}).
 */
public class ApiKeyProperties {

	/** SHA-256 of the key, 64 hex characters. The key itself is never configured. */
	private String sha256;

	/** Subject the key authenticates as. */
	private String subject;

	/** Application the key belongs to. */
	private String app;

	/** Scopes the key grants. */
	private List<String> scopes = new ArrayList<>();

	public String getSha256() {
		return this.sha256;
	}

	public void setSha256(String sha256) {
		this.sha256 = sha256;
	}

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

	public List<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(List<String> scopes) {
		this.scopes = scopes;
	}

}
