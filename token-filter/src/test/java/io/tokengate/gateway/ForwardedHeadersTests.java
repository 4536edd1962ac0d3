package io.tokengate.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ForwardedHeadersTests {

	private final HttpHeaders original = new HttpHeaders();

	{
		this.original.add("Accept", "application/json");
		this.original.add("Authorization", "Token secret");
		this.original.add("x-auth-subject", "mallory");
		this.original.add("X-Multi", "a");
		this.original.add("X-Multi", "b");
	}

	private final HttpHeaders view = ForwardedHeaders.of(this.original, new String[] { "Authorization", "X-Auth-App" },
			new String[] { "X-Auth-Subject", "X-Auth-App", "X-Auth-Scopes" }, new String[] { "alice", null, "read" });

	@Test
	void getHidesRemovedNamesCaseInsensitively() {
		assertThat(this.view.get("authorization")).isNull();
		assertThat(this.view.get("AUTHORIZATION")).isNull();
		assertThat(this.view.containsHeader("Authorization")).isFalse();
	}

	@Test
	void getReturnsOverlayInsteadOfCallerValue() {
		assertThat(this.view.get("X-AUTH-SUBJECT")).containsExactly("alice");
		assertThat(this.view.getFirst("x-auth-scopes")).isEqualTo("read");
		assertThat(this.view.get("X-Auth-App")).isNull();
	}

	@Test
	void getPassesOtherHeadersThroughWithAllValues() {
		assertThat(this.view.get("x-multi")).containsExactly("a", "b");
		assertThat(this.view.getFirst("Accept")).isEqualTo("application/json");
	}

	@Test
	void iterationShowsExactlyTheVisibleHeadersInOrder() {
		Map<String, List<String>> seen = new LinkedHashMap<>();
		this.view.forEach(seen::put);
		assertThat(seen).containsExactly(Map.entry("Accept", List.of("application/json")),
				Map.entry("X-Multi", List.of("a", "b")), Map.entry("X-Auth-Subject", List.of("alice")),
				Map.entry("X-Auth-Scopes", List.of("read")));
		assertThat(this.view.size()).isEqualTo(4);
		assertThat(HttpHeaders.copyOf(this.view).headerNames()).containsExactly("Accept", "X-Multi",
				"X-Auth-Subject", "X-Auth-Scopes");
	}

	@Test
	void getAfterIterationAnswersAsBeforeInAnyCase() {
		this.view.forEach((name, values) -> {
		});
		assertThat(this.view.get("authorization")).isNull();
		assertThat(this.view.get("X-Auth-App")).isNull();
		assertThat(this.view.get("x-auth-subject")).containsExactly("alice");
		assertThat(this.view.get("X-MULTI")).containsExactly("a", "b");
		assertThat(this.view.getFirst("accept")).isEqualTo("application/json");
		assertThat(this.view.get("X-Unknown")).isNull();
	}

	@Test
	void overServerHeadersTwoSpellingsOfANameAreOneHeaderWithBothValues() {
		// Netty keeps names as they were sent and lists each spelling; HttpHeaders merges them
		DefaultHttpHeaders netty = new DefaultHttpHeaders();
		netty.add("X-Trace", "a");
		netty.add("Authorization", "Bearer secret");
		netty.add("x-trace", "b");
		netty.add("authorization", "Bearer other");
		HttpHeaders server = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders(new Netty4HeadersAdapter(netty)));
		HttpHeaders view = ForwardedHeaders.of(server, new String[] { "Authorization" },
				new String[] { "X-Auth-Subject" }, new String[] { "alice" });
		assertThat(view.headerNames()).containsExactly("X-Trace", "X-Auth-Subject");
		assertThat(view.get("X-TRACE")).containsExactly("a", "b");
		Map<String, List<String>> seen = new LinkedHashMap<>();
		view.headerSet().forEach((header) -> seen.put(header.getKey(), header.getValue()));
		assertThat(seen).containsExactly(Map.entry("X-Trace", List.of("a", "b")),
				Map.entry("X-Auth-Subject", List.of("alice")));
	}

	@Test
	void theGatewaysHeaderFiltersForwardExactlyTheVisibleHeaders() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		HttpHeaders forwarded = HttpHeadersFilter.filter(
				List.of(new RemoveHopByHopHeadersFilter(), new RemoveXForwardedHeadersFilter()), this.view, exchange,
				HttpHeadersFilter.Type.REQUEST);
		assertThat(forwarded.headerNames()).containsExactly("Accept", "X-Multi", "X-Auth-Subject", "X-Auth-Scopes");
		assertThat(forwarded.get("x-multi")).containsExactly("a", "b");
		assertThat(forwarded.getFirst("x-auth-subject")).isEqualTo("alice");
	}

	@Test
	void aViewOverAViewSeesThroughBoth() {
		// UpstreamToken sets its Authorization on what TokenAuth forwards
		HttpHeaders upstream = ForwardedHeaders.of(this.view, new String[0], new String[] { "Authorization" },
				new String[] { "Bearer upstream" });
		assertThat(upstream.headerNames()).containsExactly("Accept", "X-Multi", "X-Auth-Subject", "X-Auth-Scopes",
				"Authorization");
		assertThat(upstream.get("authorization")).containsExactly("Bearer upstream");
		assertThat(upstream.get("X-Auth-Subject")).containsExactly("alice");
		assertThat(upstream.get("X-Auth-App")).isNull();
	}

	@Test
	void writesAreRefused() {
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.view.add("A", "b"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.view.remove("Accept"));
		assertThat(this.original.get("Authorization")).containsExactly("Token secret");
	}

}
