package io.tokengate.authn;

import java.time.Duration;
import java.util.Objects;

/**
 * One call to an identity provider, as {@link IdpCallListener}s are told of it: which policy
 * made it, to which kind of endpoint, whether it got a usable answer and how long it took. Never
 * a token, a secret or a URI.
 *
 * @param policy the inbound policy that made the call
 * @param kind introspection or JWK Set fetch
 * @param succeeded whether a usable answer came back (an {@code active: false} answer is one)
 * @param duration how long the call took
 */
public record IdpCall(String policy, Kind kind, boolean succeeded, Duration duration) {

	public IdpCall {
		Objects.requireNonNull(policy, "policy");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(duration, "duration");
	}

	/** {@code success} or {@code failure}, as metrics tag it. */
	public String outcome() {
		return this.succeeded ? "success" : "failure";
	}

	/** The endpoints an inbound policy calls. */
	public enum Kind {

		/** RFC 7662 token introspection. */
		INTROSPECTION("introspection"),

		/** A fetch of the issuer's JWK Set. */
		JWK_SET("jwk-set");

		private final String tagValue;

		Kind(String tagValue) {
			this.tagValue = tagValue;
		}

		public String tagValue() {
			return this.tagValue;
		}

	}

}
