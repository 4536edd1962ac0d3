package io.tokengate.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedHeadersFilterTests {

	private static final String[] IDENTITY = { "X-Auth-Subject", "X-Auth-App", "X-Auth-Scopes" };

	/** Spring Cloud Gateway's request header filters, as the routing filter runs them. */
	private static List<HttpHeadersFilter> gatewayHeaderFilters() {
		return List.of(new RemoveHopByHopHeadersFilter(), new RemoveForwardedHeadersFilter(),
				new RemoveXForwardedHeadersFilter(), new GRPCRequestHeadersFilter(),
				new TransferEncodingNormalizationHeadersFilter());
	}

	private static List<HttpHeadersFilter> withTrustedHeadersFilters(List<HttpHeadersFilter> filters) {
		List<HttpHeadersFilter> all = new ArrayList<>(filters);
		all.add(TrustedHeadersFilter.layBack());
		all.add(TrustedHeadersFilter.setAside());
		AnnotationAwareOrderComparator.sort(all);
		return all;
	}

	/** What TokenAuth forwards for alice, with the caller's headers below it. */
	private static ServerWebExchange authenticated(MockServerHttpRequest.BaseBuilder<?> caller) {
		MockServerWebExchange exchange = MockServerWebExchange.from(caller);
		ServerHttpRequest forwarded = ForwardedHeaders.decorate(exchange.getRequest(),
				new String[] { "Authorization", "X-Auth-Subject", "X-Auth-App", "X-Auth-Scopes" }, IDENTITY,
				new String[] { "alice", "app-7", null });
		return exchange.mutate().request(forwarded).build();
	}

	/** The same, with UpstreamToken's credential laid over it. */
	private static ServerWebExchange withUpstreamToken(ServerWebExchange exchange) {
		ServerHttpRequest forwarded = ForwardedHeaders.decorate(exchange.getRequest(), new String[0],
				new String[] { "Authorization" }, new String[] { "Bearer upstream" });
		return exchange.mutate().request(forwarded).build();
	}

	private static MockServerHttpRequest.BaseBuilder<?> caller() {
		return MockServerHttpRequest.get("/api")
			.header("Accept", "application/json")
			.header("Authorization", "Token secret")
			.header("X-Auth-Subject", "mallory")
			.header("X-Auth-Scopes", "admin")
			.header("X-Multi", "a", "b");
	}

	private static Map<String, List<String>> asMap(HttpHeaders headers) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		headers.forEach(map::put);
		return map;
	}

	@Test
	void filterWhenRunAroundTheGatewaysHeaderFiltersThenForwardsExactlyWhatTheRequestShows() {
		ServerWebExchange exchange = withUpstreamToken(authenticated(caller()));

		HttpHeaders forwarded = HttpHeadersFilter.filterRequest(withTrustedHeadersFilters(gatewayHeaderFilters()),
				exchange);

		assertThat(asMap(forwarded)).containsExactly(Map.entry("Accept", List.of("application/json")),
				Map.entry("X-Multi", List.of("a", "b")), Map.entry("X-Auth-Subject", List.of("alice")),
				Map.entry("X-Auth-App", List.of("app-7")), Map.entry("Authorization", List.of("Bearer upstream")));
		assertThat(asMap(forwarded)).isEqualTo(asMap(exchange.getRequest().getHeaders()));
	}

	@Test
	void setAsideWhenViewOverViewThenNoTrustedHeaderAndNoHiddenNameReachesTheOtherFilters() {
		ServerWebExchange exchange = withUpstreamToken(authenticated(caller()));

		HttpHeaders aside = TrustedHeadersFilter.setAside().filter(exchange.getRequest().getHeaders(), exchange);

		assertThat(aside.headerNames()).containsExactly("Accept", "X-Multi");
		assertThat(aside.get("authorization")).isNull();
		assertThat(aside.get("x-auth-subject")).isNull();
		assertThat(aside.get("X-Auth-Scopes")).isNull();
		assertThat(aside.getFirst("accept")).isEqualTo("application/json");
	}

	@Test
	void filterWhenCallerNamesTrustedHeadersInConnectionThenTheyAreForwardedAnyway() {
		ServerWebExchange exchange = withUpstreamToken(
				authenticated(caller().header("Connection", "X-Auth-Subject, Authorization, X-Multi")));

		HttpHeaders gatewayOnly = HttpHeadersFilter.filterRequest(gatewayHeaderFilters(), exchange);
		HttpHeaders forwarded = HttpHeadersFilter.filterRequest(withTrustedHeadersFilters(gatewayHeaderFilters()),
				exchange);

		// what the gateway's hop-by-hop filter alone would have done with them
		assertThat(gatewayOnly.containsHeader("X-Auth-Subject")).isFalse();
		assertThat(gatewayOnly.containsHeader("Authorization")).isFalse();
		assertThat(forwarded.get("X-Auth-Subject")).containsExactly("alice");
		assertThat(forwarded.get("Authorization")).containsExactly("Bearer upstream");
		// the caller's own hop-by-hop choices still hold for its own headers
		assertThat(forwarded.containsHeader("X-Multi")).isFalse();
		assertThat(forwarded.containsHeader("Connection")).isFalse();
	}

	@Test
	void filterWhenAnotherFilterCopiesTheViewFirstThenTheResultIsTheSame() {
		ServerWebExchange exchange = withUpstreamToken(authenticated(caller()));
		List<HttpHeadersFilter> copyingFirst = new ArrayList<>();
		copyingFirst.add((input, ignored) -> HttpHeaders.copyOf(input));
		copyingFirst.addAll(withTrustedHeadersFilters(gatewayHeaderFilters()));

		HttpHeaders forwarded = HttpHeadersFilter.filterRequest(copyingFirst, exchange);

		assertThat(asMap(forwarded)).isEqualTo(asMap(exchange.getRequest().getHeaders()));
	}

	@Test
	void filterWhenHeadersAreNoViewThenBothPassThemUntouched() {
		MockServerWebExchange exchange = MockServerWebExchange.from(caller());
		HttpHeaders headers = exchange.getRequest().getHeaders();

		assertThat(TrustedHeadersFilter.setAside().filter(headers, exchange)).isSameAs(headers);
		HttpHeaders filtered = HttpHeaders.copyOf(headers);
		assertThat(TrustedHeadersFilter.layBack().filter(filtered, exchange)).isSameAs(filtered);
	}

	@Test
	void orderWhenSortedWithTheGatewaysHeaderFiltersThenFirstAndLast() {
		List<HttpHeadersFilter> sorted = withTrustedHeadersFilters(gatewayHeaderFilters());
		assertThat(sorted.get(0)).hasToString("TrustedHeadersFilter[setAside]");
		// GRPCRequestHeadersFilter shares the last order; either may run last (see the copying test)
		assertThat(sorted.subList(sorted.size() - 2, sorted.size())).extracting(Object::toString)
			.contains("TrustedHeadersFilter[layBack]");
	}

}
