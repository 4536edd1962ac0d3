package io.tokengate.gateway;

import java.time.Clock;
import java.util.List;

import io.tokengate.upstream.RefreshPolicy;
import io.tokengate.upstream.StaticTokenProvider;
import io.tokengate.upstream.UpstreamTokenCache;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UpstreamTokenGatewayFilterFactoryTests {

	private final UpstreamTokenGatewayFilterFactory factory = new UpstreamTokenGatewayFilterFactory(
			new UpstreamCredentials(List.of(UpstreamCredential.builder("aluma")
				.cache(new UpstreamTokenCache("aluma", new StaticTokenProvider("k", Clock.systemUTC()),
						RefreshPolicy.DEFAULTS, Clock.systemUTC()))
				.build())),
			new UpstreamErrorResponder());

	@Test
	void applyWhenCredentialKnownThenFilterNamesIt() {
		assertThat(this.factory.name()).isEqualTo("UpstreamToken");
		assertThat(this.factory.shortcutFieldOrder()).containsExactly("credential");
		assertThat(this.factory.apply(new UpstreamTokenGatewayFilterFactory.Config().setCredential("aluma")))
			.hasToString("[UpstreamToken credential = 'aluma']");
	}

	@Test
	void applyWhenCredentialUnknownThenFailsNamingProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.apply(new UpstreamTokenGatewayFilterFactory.Config().setCredential("nope")))
			.withMessage("UpstreamToken=nope names no credential; define it under tokengate.upstream.nope");
	}

}
