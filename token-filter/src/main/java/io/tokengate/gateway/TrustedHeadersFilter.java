package io.tokengate.gateway;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keeps the headers {@code TokenAuth} and {@code UpstreamToken} set (the identity headers, the
 * upstream credential) out of the routing filter's request header filters, and lays them over
 * what those filters return: one instance goes first ({@link #setAside()}), one last
 * ({@link #layBack()}). Route filters, {@code forward:} routes and anything else reading the
 * request see these headers as before; only the header filters do not.
 * <p>
 * Two reasons. Each of Spring Cloud Gateway's header filters copies every header it is given
 * into a new map, which made each trusted header cost a few microseconds per request, and none
 * of those filters is meant to change them. And {@link RemoveHopByHopHeadersFilter} drops every
 * header the caller names in {@code Connection}, so a caller could otherwise strip its own
 * identity headers or the upstream credential from the forwarded request. Names hidden from the
 * request (the caller's credential, the caller's own identity headers) stay hidden throughout.
 * Requests whose headers are not one of these views pass both instances untouched.
 */
public final class TrustedHeadersFilter implements HttpHeadersFilter, Ordered {

	private final boolean first;

	private TrustedHeadersFilter(boolean first) {
		this.first = first;
	}

	/** The first request header filter: the trusted headers step aside, hidden names stay hidden. */
	public static TrustedHeadersFilter setAside() {
		return new TrustedHeadersFilter(true);
	}

	/** The last request header filter: the trusted headers are laid over what the others made. */
	public static TrustedHeadersFilter layBack() {
		return new TrustedHeadersFilter(false);
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		// should another filter come first and copy the view, the trusted headers go through the
		// copies and are laid over them again, by name, at the end: the result is the same
		return this.first ? ForwardedHeaders.withoutOverlays(input)
				: ForwardedHeaders.withOverlaysOf(exchange.getRequest().getHeaders(), input);
	}

	@Override
	public int getOrder() {
		return this.first ? Ordered.HIGHEST_PRECEDENCE : Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public String toString() {
		return this.first ? "TrustedHeadersFilter[setAside]" : "TrustedHeadersFilter[layBack]";
	}

}
