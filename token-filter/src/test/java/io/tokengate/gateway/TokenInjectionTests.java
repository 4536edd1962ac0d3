package io.tokengate.gateway;

import java.net.URI;
import java.time.Instant;

import io.tokengate.upstream.Partition;
import io.tokengate.upstream.PartitionType;
import io.tokengate.upstream.UpstreamToken;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class TokenInjectionTests {

	private static final UpstreamToken TOKEN = UpstreamToken.permanent("up+tok/en=", Instant.EPOCH);

	@Test
	void applyWhenCallerSentAuthorizationThenReplacedNotAppended() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api")
			.header(HttpHeaders.AUTHORIZATION, "Bearer caller-1", "Token caller-2")
			.build();
		ServerHttpRequest injected = TokenInjection.header("Authorization", "Bearer")
			.apply(request, TOKEN, Partition.NONE);
		assertThat(injected.getHeaders().get(HttpHeaders.AUTHORIZATION)).containsExactly("Bearer up+tok/en=");
	}

	@Test
	void applyWhenTokenSchemeThenTokenPrefix() {
		ServerHttpRequest injected = TokenInjection.header("Authorization", "Token")
			.apply(MockServerHttpRequest.get("/api").build(), TOKEN, Partition.NONE);
		assertThat(injected.getHeaders().get(HttpHeaders.AUTHORIZATION)).containsExactly("Token up+tok/en=");
	}

	@Test
	void applyWhenCustomHeaderWithoutSchemeThenRawValueAndCaseInsensitiveReplace() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api").header("x-api-key", "caller").build();
		ServerHttpRequest injected = TokenInjection.header("X-Api-Key", null).apply(request, TOKEN, Partition.NONE);
		assertThat(injected.getHeaders().get("X-Api-Key")).containsExactly("up+tok/en=");
	}

	@Test
	void applyWhenQueryParameterThenCallerValuesRemovedOthersKeptAndTokenEncoded() {
		// a URI, not a template: its percent-encoding must survive untouched
		MockServerHttpRequest request = MockServerHttpRequest
			.method(HttpMethod.GET, URI.create("http://gw/api?a=1&token=caller&b=x%20y&token=again&tok=keep"))
			.build();
		ServerHttpRequest injected = TokenInjection.queryParameter("token", null).apply(request, TOKEN, Partition.NONE);
		assertThat(injected.getURI().getRawQuery()).isEqualTo("a=1&b=x%20y&tok=keep&token=up%2Btok%2Fen%3D");
		assertThat(injected.getQueryParams().get("token")).containsExactly("up+tok/en=");
	}

	@Test
	void applyWhenPartitionParamThenInstallIdSetAndCallerValueReplaced() {
		MockServerHttpRequest request = MockServerHttpRequest.get("http://gw/v3/tooltips?installid=spoofed&x=1").build();
		ServerHttpRequest injected = TokenInjection.queryParameter("token", "installid")
			.apply(request, TOKEN, Partition.of(PartitionType.INSTALL_ID, "c12b156b-8592"));
		assertThat(injected.getURI().getRawQuery()).isEqualTo("x=1&installid=c12b156b-8592&token=up%2Btok%2Fen%3D");
	}

	@Test
	void applyWhenNoQueryThenOnlyToken() {
		ServerHttpRequest injected = TokenInjection.queryParameter("token", null)
			.apply(MockServerHttpRequest.get("http://gw/path").build(), TOKEN, Partition.NONE);
		assertThat(injected.getURI().toString()).isEqualTo("http://gw/path?token=up%2Btok%2Fen%3D");
	}

}
