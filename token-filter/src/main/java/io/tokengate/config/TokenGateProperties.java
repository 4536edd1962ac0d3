package io.tokengate.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokengate.*}: inbound policies by name ({@code TokenAuth=<name>}).
 */
@ConfigurationProperties(TokenGateProperties.PREFIX)
public class TokenGateProperties {

	public static final String PREFIX = "tokengate";

	/** Inbound policies by name, referenced from routes as {@code TokenAuth=<name>}. */
	private Map<String, InboundPolicyProperties> inbound = new LinkedHashMap<>();

	/** Upstream credentials by name, referenced from routes as {@code UpstreamToken=<name>}. */
	private Map<String, UpstreamCredentialProperties> upstream = new LinkedHashMap<>();

	public Map<String, InboundPolicyProperties> getInbound() {
		return this.inbound;
	}

	public void setInbound(Map<String, InboundPolicyProperties> inbound) {
		this.inbound = inbound;
	}

	public Map<String, UpstreamCredentialProperties> getUpstream() {
		return this.upstream;
	}

	public void setUpstream(Map<String, UpstreamCredentialProperties> upstream) {
		this.upstream = upstream;
	}

}
