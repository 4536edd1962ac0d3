package io.tokengate.gateway;

/**
 * Exchange attributes the filters share.
 */
public final class TokenGateAttributes {

	/** The {@link io.tokengate.authn.Identity} that {@code TokenAuth} established. */
	public static final String IDENTITY = TokenGateAttributes.class.getName() + ".identity";

	/** The name of the inbound policy that authenticated the request. */
	public static final String POLICY = TokenGateAttributes.class.getName() + ".policy";

	private TokenGateAttributes() {
	}

}
