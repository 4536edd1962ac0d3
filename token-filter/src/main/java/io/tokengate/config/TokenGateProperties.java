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

	public Map<String, InboundPolicyProperties> getInbound() {
		return this.inbound;
	}

	public void setInbound(Map<String, InboundPolicyProperties> inbound) {
		this.inbound = inbound;
	}

}
