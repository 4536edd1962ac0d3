package io.tokengate.gateway;

import io.tokengate.authn.Identity;
import io.tokengate.credential.Credential;
import io.tokengate.credential.CredentialScheme;
import io.tokengate.credential.TokenError;
import io.tokengate.credential.TokenErrorException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request work of {@code TokenAuth}: resolve the credential, validate it, check scopes,
 * then forward a normalized request, or answer with a denial and forward nothing.
 */
final class TokenAuthGatewayFilter implements GatewayFilter, Ordered {

	private static final Log logger = LogFactory.getLog(TokenAuthGatewayFilter.class);

	/** Authenticate before anything else of the route touches the request. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private static final Decision MISSING = Decision.denied(null, TokenError.missing());

	private final InboundPolicy policy;

	private final ForwardedRequestNormalizer normalizer;

	private final TokenErrorResponder responder;

	private final AuthDecisionListener listener;

	TokenAuthGatewayFilter(InboundPolicy policy, TokenErrorResponder responder, AuthDecisionListener listener) {
		this.policy = policy;
		this.responder = responder;
		this.listener = listener;
		this.normalizer = new ForwardedRequestNormalizer(policy.identityHeaders(), policy.installNames(),
				policy.accepted().contains(CredentialScheme.INSTALL));
	}

	/**
	 * Resolving a credential and a cached or API-key answer need no I/O, so they are plain calls;
	 * only an answer that must be fetched (an IdP call, a JWK Set) goes through a reactive
	 * pipeline. The hot path thus allocates no operators.
	 */
	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Credential credential = null;
		Decision decision;
		try {
			credential = this.policy.resolver().resolve(exchange.getRequest());
			if (credential == null) {
				decision = MISSING;
			}
			else {
				Identity known = this.policy.validator().validateNow(credential);
				if (known == null) {
					return validateThenAct(exchange, chain, credential);
				}
				decision = decide(exchange, credential, known);
			}
		}
		catch (TokenErrorException ex) {
			decision = Decision.denied(credential, ex.error());
		}
		return act(exchange, chain, decision);
	}

	private Mono<Void> validateThenAct(ServerWebExchange exchange, GatewayFilterChain chain, Credential credential) {
		return this.policy.validator()
			.validate(credential)
			.map((identity) -> decide(exchange, credential, identity))
			.onErrorResume(TokenErrorException.class, (ex) -> Mono.just(Decision.denied(credential, ex.error())))
			.flatMap((decision) -> act(exchange, chain, decision));
	}

	/** Allows a validated identity that holds the required scopes, else denies. */
	private Decision decide(ServerWebExchange exchange, Credential credential, Identity identity) {
		try {
			if (!identity.hasScopes(this.policy.requiredScopes())) {
				throw TokenError.insufficientScope(credential.scheme(), this.policy.requiredScopes()).toException();
			}
			Identity presented = (credential.installId() != null) ? identity.withInstallId(credential.installId())
					: identity;
			return new Decision(credential, presented, this.normalizer.normalize(exchange.getRequest(), presented),
					null);
		}
		catch (TokenErrorException ex) {
			return Decision.denied(credential, ex.error());
		}
	}

	private Mono<Void> act(ServerWebExchange exchange, GatewayFilterChain chain, Decision decision) {
		return (decision.error() != null) ? deny(exchange, decision) : forward(exchange, chain, decision);
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, Decision decision) {
		exchange.getAttributes().put(TokenGateAttributes.IDENTITY, decision.identity());
		exchange.getAttributes().put(TokenGateAttributes.POLICY, this.policy.name());
		notify(exchange, decision);
		return chain.filter(exchange.mutate().request(decision.request()).build());
	}

	private Mono<Void> deny(ServerWebExchange exchange, Decision decision) {
		notify(exchange, decision);
		return this.responder.write(exchange, this.policy.realm(), this.policy.accepted(), decision.error());
	}

	private void notify(ServerWebExchange exchange, Decision decision) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		try {
			this.listener.onDecision(new AuthDecision((route != null) ? route.getId() : null, this.policy.name(),
					decision.error(), decision.credential()));
		}
		catch (RuntimeException ex) {
			// observing a decision must never change it
			logger.warn("Decision listener failed: " + ex.getClass().getName());
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public String toString() {
		return "[TokenAuth policy = '" + this.policy.name() + "']";
	}

	/** Allowed (identity and the request to forward) or denied (error), with what was presented. */
	private record Decision(Credential credential, Identity identity, ServerHttpRequest request, TokenError error) {

		static Decision denied(Credential credential, TokenError error) {
			return new Decision(credential, null, null, error);
		}

	}

}
