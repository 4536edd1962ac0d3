package io.tokengate.authn;

/**
 * Told of every call to an identity provider (introspection, JWK Set fetch) once it ends. Called
 * on the thread that finished the call: implementations must be cheap and must not block.
 */
@FunctionalInterface
public interface IdpCallListener {

	IdpCallListener NONE = (call) -> {
	};

	void onCall(IdpCall call);

}
