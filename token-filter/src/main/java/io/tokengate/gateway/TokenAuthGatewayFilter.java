package io.tokengate.gateway;

import io.tokengate.authn.Identity;
import io.tokengate.credential.TokenError;
import io.tokengate.credential.TokenErrorException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request work of {@code TokenAuth}: resolve the credential, validate it, check scopes,
 * then forward a normalized request, or answer with a denial and forward nothing.
 */
final class TokenAuthGatewayFilter implements GatewayFilter, Ordered {

	private static final Log logger = LogFactory.getLog(TokenAuthGatewayFilter.class);

	private final InboundPolicy policy;

	private final ForwardedRequestNormalizer normalizer;

	private final TokenErrorResponder responder;

	TokenAuthGatewayFilter(InboundPolicy policy, TokenErrorResponder responder) {
		this.policy = policy;
		this.responder = responder;
		this.normalizer = new ForwardedRequestNormalizer(policy.identityHeaders(), policy.installNames(),
				policy.accepted().contains(io.tokengate.credential.CredentialScheme.INSTALL));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return this.policy.resolver()
			.resolve(exchange.getRequest())
			.switchIfEmpty(Mono.error(() -> TokenError.missing().toException()))
			.flatMap((credential) -> this.policy.validator().validate(credential).map((identity) -> {
				if (!identity.hasScopes(this.policy.requiredScopes())) {
					throw TokenError.insufficientScope(credential.scheme(), this.policy.requiredScopes()).toException();
				}
				Identity presented = (credential.installId() != null) ? identity.withInstallId(credential.installId())
						: identity;
				return new Decision(presented, this.normalizer.normalize(exchange.getRequest(), presented), null);
			}))
			.onErrorResume(TokenErrorException.class, (ex) -> Mono.just(new Decision(null, null, ex.error())))
			.flatMap((decision) -> (decision.error() != null) ? deny(exchange, decision.error())
					: forward(exchange, chain, decision));
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, Decision decision) {
		exchange.getAttributes().put(TokenGateAttributes.IDENTITY, decision.identity());
		exchange.getAttributes().put(TokenGateAttributes.POLICY, this.policy.name());
		return chain.filter(exchange.mutate().request(decision.request()).build());
	}

	private Mono<Void> deny(ServerWebExchange exchange, TokenError error) {
		if (logger.isDebugEnabled()) {
			logger.debug("Denied " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath()
					+ " by policy '" + this.policy.name() + "': " + error.code());
		}
		return this.responder.write(exchange, this.policy.realm(), this.policy.accepted(), error);
	}

	@Override
	public int getOrder() {
		// authenticate before anything else of the route touches the request
		return Ordered.HIGHEST_PRECEDENCE + 1000;
	}

	@Override
	public String toString() {
		return "[TokenAuth policy = '" + this.policy.name() + "']";
	}

	private record Decision(Identity identity, ServerHttpRequest request, TokenError error) {
	}

}
