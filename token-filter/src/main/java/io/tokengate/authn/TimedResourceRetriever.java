package io.tokengate.authn;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Objects;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;

/**
 * Tells an {@link IdpCallListener} of every JWK Set fetch Nimbus makes through the wrapped
 * retriever, with its outcome and duration. Runs where Nimbus runs it (off the event loop, see
 * {@link JwtTokenValidator}).
 */
final class TimedResourceRetriever implements ResourceRetriever {

	private final ResourceRetriever delegate;

	private final IdpCallListener listener;

	private final String policy;

	TimedResourceRetriever(ResourceRetriever delegate, IdpCallListener listener, String policy) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.listener = Objects.requireNonNull(listener, "listener");
		this.policy = Objects.requireNonNull(policy, "policy");
	}

	@Override
	public Resource retrieveResource(URL url) throws IOException {
		long start = System.nanoTime();
		boolean succeeded = false;
		try {
			Resource resource = this.delegate.retrieveResource(url);
			succeeded = true;
			return resource;
		}
		finally {
			this.listener.onCall(new IdpCall(this.policy, IdpCall.Kind.JWK_SET, succeeded,
					Duration.ofNanos(System.nanoTime() - start)));
		}
	}

}
