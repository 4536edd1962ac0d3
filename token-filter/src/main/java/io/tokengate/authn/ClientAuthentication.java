package io.tokengate.authn;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the gateway authenticates itself to an introspection endpoint (RFC 7662 §2.1, with the
 * client authentication methods of RFC 6749 §2.3.1 as named in RFC 7591 §2).
 */
public enum ClientAuthentication {

	/** HTTP Basic with the form-urlencoded client id and secret. */
	CLIENT_SECRET_BASIC("client_secret_basic"),

	/** {@code client_id} and {@code client_secret} in the request body. */
	CLIENT_SECRET_POST("client_secret_post");

	private final String value;

	ClientAuthentication(String value) {
		this.value = value;
	}

	/** The registered name, as configured. */
	public String value() {
		return this.value;
	}

	public static Optional<ClientAuthentication> fromValue(String value) {
		return Arrays.stream(values()).filter((method) -> method.value.equals(value)).findFirst();
	}

}
