package io.tokengate.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokengate.*}: inbound policies by name ({@code TokenAuth=<name>}), upstream credentials
 * by name ({@code UpstreamToken=<name>}), and the operator settings (logs, actuator, health).
 * Every key is listed in {@code docs/configuration.md}.
 */
@ConfigurationProperties(TokenGateProperties.PREFIX)
public class TokenGateProperties {

	public static final String PREFIX = "tokengate";

	/** Inbound policies by name, referenced from routes as {@code TokenAuth=<name>}. */
	private Map<String, InboundPolicyProperties> inbound = new LinkedHashMap<>();

	/** Upstream credentials by name, referenced from routes as {@code UpstreamToken=<name>}. */
	private Map<String, UpstreamCredentialProperties> upstream = new LinkedHashMap<>();

	/** Request logging. */
	private Log log = new Log();

	/** The {@code tokengate} actuator endpoint. */
	private Actuator actuator = new Actuator();

	/** Reachability checks of identity providers and token endpoints. */
	private Health health = new Health();

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

	public Log getLog() {
		return this.log;
	}

	public void setLog(Log log) {
		this.log = log;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	public void setActuator(Actuator actuator) {
		this.actuator = actuator;
	}

	public Health getHealth() {
		return this.health;
	}

	public void setHealth(Health health) {
		this.health = health;
	}

	/** {@code tokengate.log}. */
	public static class Log {

		/** One line per denied request: route, reason and credential fingerprint. */
		private boolean deniedRequests = true;

		public boolean isDeniedRequests() {
			return this.deniedRequests;
		}

		public void setDeniedRequests(boolean deniedRequests) {
			this.deniedRequests = deniedRequests;
		}

	}

	/** {@code tokengate.actuator}. */
	public static class Actuator {

		/** Whether DELETE on /actuator/tokengate evicts cached answers and tokens; off answers 404. */
		private boolean writeOperations = false;

		public boolean isWriteOperations() {
			return this.writeOperations;
		}

		public void setWriteOperations(boolean writeOperations) {
			this.writeOperations = writeOperations;
		}

	}

	/** {@code tokengate.health}. */
	public static class Health {

		/** Whether a health contributor checks each IdP and token endpoint. */
		private boolean enabled = true;

		/** Bound on each reachability check. */
		private Duration timeout = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
