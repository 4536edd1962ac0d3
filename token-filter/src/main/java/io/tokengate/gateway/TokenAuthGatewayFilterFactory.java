package io.tokengate.gateway;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;

/**
 * {@code TokenAuth=<policy>}: authenticates the caller with the named {@code tokengate.inbound}
 * policy, strips the caller's credential and spoofed identity headers, and sets the trusted
 * identity headers. Denied requests are answered here and never forwarded.
 */
public final class TokenAuthGatewayFilterFactory extends AbstractGatewayFilterFactory<TokenAuthGatewayFilterFactory.Config> {

	public static final String POLICY_KEY = "policy";

	private final InboundPolicies policies;

	private final TokenErrorResponder responder;

	private final AuthDecisionListener listener;

	public TokenAuthGatewayFilterFactory(InboundPolicies policies, TokenErrorResponder responder) {
		this(policies, responder, AuthDecisionListener.NONE);
	}

	public TokenAuthGatewayFilterFactory(InboundPolicies policies, TokenErrorResponder responder,
			AuthDecisionListener listener) {
		super(Config.class);
		this.policies = policies;
		this.responder = responder;
		this.listener = listener;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of(POLICY_KEY);
	}

	@Override
	public GatewayFilter apply(Config config) {
		String name = config.getPolicy();
		InboundPolicy policy = this.policies.find(name)
			.orElseThrow(() -> new IllegalArgumentException("TokenAuth=" + name
					+ " names no policy; define it under tokengate.inbound." + name));
		return new TokenAuthGatewayFilter(policy, this.responder, this.listener);
	}

	@Override
	public String name() {
		return "TokenAuth";
	}

	/** The route's argument: the policy name. */
	public static final class Config {

		private String policy;

		public String getPolicy() {
			return this.policy;
		}

		public Config setPolicy(String policy) {
			this.policy = policy;
			return this;
		}

	}

}
