package io.tokengate.gateway;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;

/**
 * {@code UpstreamToken=<credential>}: puts a fresh token of the named {@code tokengate.upstream}
 * credential on the forwarded request, replacing whatever the caller sent under that header or
 * parameter, and recovers from an upstream 401 by renewing the token and replaying the request
 * once. When no token can be obtained the request is answered {@code 503} and not forwarded.
 */
public final class UpstreamTokenGatewayFilterFactory
		extends AbstractGatewayFilterFactory<UpstreamTokenGatewayFilterFactory.Config> {

	public static final String CREDENTIAL_KEY = "credential";

	private final UpstreamCredentials credentials;

	private final UpstreamErrorResponder responder;

	public UpstreamTokenGatewayFilterFactory(UpstreamCredentials credentials, UpstreamErrorResponder responder) {
		super(Config.class);
		this.credentials = credentials;
		this.responder = responder;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of(CREDENTIAL_KEY);
	}

	@Override
	public GatewayFilter apply(Config config) {
		String name = config.getCredential();
		UpstreamCredential credential = this.credentials.find(name)
			.orElseThrow(() -> new IllegalArgumentException("UpstreamToken=" + name
					+ " names no credential; define it under tokengate.upstream." + name));
		return new UpstreamTokenGatewayFilter(credential, this.responder);
	}

	@Override
	public String name() {
		return "UpstreamToken";
	}

	/** The route's argument: the credential name. */
	public static final class Config {

		private String credential;

		public String getCredential() {
			return this.credential;
		}

		public Config setCredential(String credential) {
			this.credential = credential;
			return this;
		}

	}

}
