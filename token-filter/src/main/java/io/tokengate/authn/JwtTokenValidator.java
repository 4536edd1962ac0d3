package io.tokengate.authn;

import java.net.URL;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.tokengate.credential.Credential;
import io.tokengate.credential.TokenError;
import io.tokengate.credential.TokenErrorException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Validates JWTs locally with Nimbus JOSE+JWT: the signature with a key from a remote JWK Set
 * (RFC 7517) or an HMAC secret, the algorithm against an allow-list, then the claims
 * ({@link JwtClaimsVerifier}).
 * <ul>
 * <li>{@code alg: none} (RFC 7519 §6) is refused before Nimbus is asked; Nimbus refuses it too.</li>
 * <li>Key-type confusion (RFC 8725 §2.1, an HS256 token "signed" with an RSA public key) cannot
 * happen: a JWK Set policy allows only asymmetric algorithms and a secret policy only HMAC,
 * and Nimbus selects keys by the type the algorithm needs.</li>
 * <li>{@code typ} may be absent, {@code JWT} or {@code at+jwt} (RFC 9068 §2.1).</li>
 * <li>Scopes come from {@code scope} (space-separated, RFC 8693 §4.2) or {@code scp} (an array);
 * the app from {@code client_id} (RFC 9068 §2.2) or {@code azp}.</li>
 * </ul>
 * A JWK Set source caches the set, refetches it when a token names an unknown {@code kid}
 * (key rotation), and rate-limits those refetches (Nimbus {@link JWKSourceBuilder} defaults:
 * 5 min cache, at most two fetches per 30 s). An unreachable JWK Set is {@code 503}, an unknown
 * key that may not be refetched yet is {@code invalid_token}.
 */
public final class JwtTokenValidator implements TokenValidator {

	private static final Log logger = LogFactory.getLog(JwtTokenValidator.class);

	private static final Set<String> MAPPED_CLAIMS = Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME,
			"scope", "scp", "client_id");

	private final DefaultJWTProcessor<SecurityContext> processor;

	private final boolean fetchesKeys;

	private final Duration retryAfter;

	private final String description;

	private JwtTokenValidator(Builder builder) {
		this.processor = new DefaultJWTProcessor<>();
		this.processor.setJWSTypeVerifier(
				new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
		this.processor.setJWSKeySelector(builder.hmac ? secretKeySelector(builder.algorithms, builder.keys)
				: new JWSVerificationKeySelector<>(builder.algorithms, builder.keys));
		this.processor.setJWTClaimsSetVerifier(
				new JwtClaimsVerifier(builder.clock, builder.clockSkew, builder.issuer, builder.audiences));
		this.fetchesKeys = builder.fetchesKeys;
		this.retryAfter = builder.retryAfter;
		this.description = builder.description + ", algorithms=" + builder.algorithms;
	}

	/**
	 * The configured secret for every accepted HMAC algorithm. A secret has no {@code kid}, so
	 * Nimbus's {@link JWSVerificationKeySelector} would refuse every token whose header names one,
	 * as many issuers' HS256 tokens do.
	 */
	private static JWSKeySelector<SecurityContext> secretKeySelector(Set<JWSAlgorithm> algorithms,
			JWKSource<SecurityContext> keys) {
		List<Key> secret = List.of(((ImmutableSecret<SecurityContext>) keys).getSecretKey());
		return (header, context) -> algorithms.contains(header.getAlgorithm()) ? secret : List.of();
	}

	/**
	 * Verifies with keys from the JWK Set at {@code jwkSetUri}, fetched with {@code timeout} for
	 * connecting and for reading. Default algorithms: RS256, ES256.
	 */
	public static Builder withJwkSetUri(URL jwkSetUri, Duration timeout) {
		return withJwkSetUri(jwkSetUri, timeout, IdpCallListener.NONE, "");
	}

	/**
	 * As {@link #withJwkSetUri(URL, Duration)}, telling {@code listener} of every fetch of the set
	 * as a call made by {@code policy}.
	 */
	public static Builder withJwkSetUri(URL jwkSetUri, Duration timeout, IdpCallListener listener, String policy) {
		int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		ResourceRetriever retriever = new TimedResourceRetriever(
				new DefaultResourceRetriever(millis, millis, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT), listener,
				policy);
		JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwkSetUri, retriever)
			// a caller waits for another caller's fetch at most as long as that fetch may take
			.cache(JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE, 2L * millis)
			// no refresh-ahead: it would need Nimbus's own thread pool, and a lazy refetch is enough
			.refreshAheadCache(false)
			.build();
		return new Builder(keys, true, ordered(JWSAlgorithm.RS256, JWSAlgorithm.ES256), "jwkSetUri=" + jwkSetUri);
	}

	/** Verifies with asymmetric keys from {@code keys}, which must not block. Default: RS256, ES256. */
	static Builder withKeys(JWKSource<SecurityContext> keys) {
		return new Builder(keys, false, ordered(JWSAlgorithm.RS256, JWSAlgorithm.ES256), "keys");
	}

	/** Verifies HMAC signatures with {@code secret}. Default algorithm: HS256. */
	public static Builder withSecret(byte[] secret) {
		return new Builder(new ImmutableSecret<>(secret.clone()), false, ordered(JWSAlgorithm.HS256), "secret");
	}

	@Override
	public Mono<Identity> validate(Credential credential) {
		Mono<Identity> verification = Mono.fromCallable(() -> verify(credential));
		// Nimbus fetches a JWK Set with a blocking HTTP call (on a cache miss or an unknown kid),
		// which must not run on a Netty event loop. It is rare (the set is cached, and verified
		// tokens are cached by the ValidationCache) but unpredictable, so every verification that
		// may fetch runs on boundedElastic; the hop costs microseconds next to a signature check.
		// Pre-fetching reactively would mean rebuilding Nimbus's kid-driven refresh by hand.
		return this.fetchesKeys ? verification.subscribeOn(Schedulers.boundedElastic()) : verification;
	}

	private Identity verify(Credential credential) {
		JWT jwt;
		try {
			jwt = JWTParser.parse(credential.value());
		}
		catch (ParseException ex) {
			throw invalid(credential, "The token is not a JWT");
		}
		if (jwt instanceof PlainJWT) {
			throw invalid(credential, "Unsigned tokens are not accepted");
		}
		if (!(jwt instanceof SignedJWT signed)) {
			throw invalid(credential, "Encrypted tokens are not accepted");
		}
		JWTClaimsSet claims;
		try {
			claims = this.processor.process(signed, null);
		}
		catch (JwtClaimsVerifier.RejectedClaimException ex) {
			throw invalid(credential, ex.getMessage());
		}
		catch (RateLimitReachedException ex) {
			throw invalid(credential, "The token signing key is not known");
		}
		catch (KeySourceException ex) {
			logger.warn("JWK Set unavailable (" + this.description + "): " + ex.getMessage());
			throw TokenError.unavailable("The token signing keys are unavailable", this.retryAfter).toException();
		}
		catch (BadJOSEException | JOSEException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("JWT " + credential.fingerprint() + " rejected: " + ex.getMessage());
			}
			throw invalid(credential, "The token signature or algorithm is not accepted");
		}
		return identity(credential, claims);
	}

	private static Identity identity(Credential credential, JWTClaimsSet claims) {
		try {
			String app = claims.getStringClaim("client_id");
			if (app == null) {
				app = claims.getStringClaim("azp");
			}
			Map<String, Object> others = new LinkedHashMap<>();
			claims.toJSONObject().forEach((name, value) -> {
				if (value != null && !MAPPED_CLAIMS.contains(name)) {
					others.put(name, value);
				}
			});
			return new Identity(claims.getSubject(), app, scopes(claims), null,
					claims.getExpirationTime().toInstant(), others);
		}
		catch (ParseException ex) {
			throw invalid(credential, "The token has a malformed claim");
		}
	}

	private static List<String> scopes(JWTClaimsSet claims) throws ParseException {
		Set<String> scopes = new LinkedHashSet<>();
		for (String name : List.of("scope", "scp")) {
			Object value = claims.getClaim(name);
			if (value instanceof String text) {
				scopes.addAll(Arrays.asList(text.trim().split(" +")));
			}
			else if (value != null) {
				scopes.addAll(claims.getStringListClaim(name));
			}
		}
		scopes.remove("");
		return new ArrayList<>(scopes);
	}

	/** A fixed-order set, so the configured order shows in {@link #toString()}. */
	private static Set<JWSAlgorithm> ordered(JWSAlgorithm... algorithms) {
		return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(algorithms)));
	}

	private static TokenErrorException invalid(Credential credential, String description) {
		return TokenError.invalidToken(credential.scheme(), description).toException();
	}

	@Override
	public String toString() {
		return "JwtTokenValidator[" + this.description + "]";
	}

	/**
	 * Options of a {@link JwtTokenValidator}. Defaults: system UTC clock, 30 s clock skew, any
	 * issuer, any audience, 5 s {@code Retry-After} when the JWK Set is unavailable.
	 */
	public static final class Builder {

		private final JWKSource<SecurityContext> keys;

		private final boolean fetchesKeys;

		private final boolean hmac;

		private final String description;

		private Set<JWSAlgorithm> algorithms;

		private Clock clock = Clock.systemUTC();

		private Duration clockSkew = Duration.ofSeconds(30);

		private String issuer;

		private Set<String> audiences = Set.of();

		private Duration retryAfter = Duration.ofSeconds(5);

		private Builder(JWKSource<SecurityContext> keys, boolean fetchesKeys, Set<JWSAlgorithm> algorithms,
				String description) {
			this.keys = keys;
			this.fetchesKeys = fetchesKeys;
			this.hmac = keys instanceof ImmutableSecret;
			this.algorithms = algorithms;
			this.description = description;
		}

		/**
		 * The algorithms accepted; any other {@code alg} is refused. HMAC algorithms go with a
		 * secret only, the others with a JWK Set only.
		 */
		public Builder algorithms(Set<JWSAlgorithm> algorithms) {
			if (algorithms.isEmpty()) {
				throw new IllegalArgumentException("at least one algorithm is required");
			}
			for (JWSAlgorithm algorithm : algorithms) {
				if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm) != this.hmac) {
					throw new IllegalArgumentException(
							algorithm + " does not go with " + (this.hmac ? "a secret" : "a JWK Set"));
				}
			}
			this.algorithms = ordered(algorithms.toArray(JWSAlgorithm[]::new));
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/** Tolerance for {@code exp} and {@code nbf} against a clock that differs from the issuer's. */
		public Builder clockSkew(Duration clockSkew) {
			if (clockSkew.isNegative()) {
				throw new IllegalArgumentException("clockSkew must not be negative");
			}
			this.clockSkew = clockSkew;
			return this;
		}

		/** The required {@code iss}, or {@code null} for any. */
		public Builder issuer(String issuer) {
			this.issuer = issuer;
			return this;
		}

		/** {@code aud} must name one of these; empty accepts any. */
		public Builder audiences(Set<String> audiences) {
			this.audiences = Set.copyOf(audiences);
			return this;
		}

		/** {@code Retry-After} of the 503 sent when the JWK Set cannot be fetched. */
		public Builder retryAfter(Duration retryAfter) {
			this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
			return this;
		}

		public JwtTokenValidator build() {
			return new JwtTokenValidator(this);
		}

	}

}
