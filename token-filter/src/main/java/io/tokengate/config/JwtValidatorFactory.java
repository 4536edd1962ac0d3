package io.tokengate.config;

import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import io.tokengate.authn.IdpCallListener;
import io.tokengate.authn.JwtTokenValidator;

/**
 * Builds a {@link JwtTokenValidator} from {@code tokengate.inbound.<name>.jwt}. A JWK Set goes
 * with asymmetric algorithms only and a secret with HMAC only, so that no configuration can
 * open the door to key-type confusion (RFC 8725 §2.1, §3.1).
 */
final class JwtValidatorFactory {

	/** Algorithms Nimbus verifies on Java 17 without extra providers. */
	static final Map<String, JWSAlgorithm> KNOWN = known(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
			JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
			JWSAlgorithm.ES512, JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

	private final Clock clock;

	private final IdpCallListener listener;

	JwtValidatorFactory(Clock clock) {
		this(clock, IdpCallListener.NONE);
	}

	JwtValidatorFactory(Clock clock, IdpCallListener listener) {
		this.clock = clock;
		this.listener = listener;
	}

	JwtTokenValidator create(String prefix, JwtProperties jwt) {
		return create("", prefix, jwt);
	}

	/**
	 * @param policy the policy name, for the JWK Set fetch listener
	 * @param prefix the property prefix, {@code tokengate.inbound.<name>.jwt}
	 */
	JwtTokenValidator create(String policy, String prefix, JwtProperties jwt) {
		boolean hasUri = jwt.getJwkSetUri() != null && !jwt.getJwkSetUri().isBlank();
		boolean hasSecret = jwt.getSecret() != null && !jwt.getSecret().isEmpty();
		if (hasUri && hasSecret) {
			throw new TokenGateConfigurationException(prefix, "set jwk-set-uri or secret, not both");
		}
		if (!hasUri && !hasSecret) {
			throw new TokenGateConfigurationException(prefix, "set jwk-set-uri or secret");
		}
		Set<JWSAlgorithm> algorithms = algorithms(prefix + ".algorithms", jwt.getAlgorithms(), hasSecret);
		PropertyChecks.notNegative(prefix + ".clock-skew", jwt.getClockSkew());
		PropertyChecks.positive(prefix + ".retry-after", jwt.getRetryAfter());
		JwtTokenValidator.Builder builder;
		if (hasUri) {
			PropertyChecks.positive(prefix + ".timeout", jwt.getTimeout());
			try {
				builder = JwtTokenValidator.withJwkSetUri(
						PropertyChecks.httpUri(prefix + ".jwk-set-uri", jwt.getJwkSetUri()).toURL(), jwt.getTimeout(),
						this.listener, policy);
			}
			catch (MalformedURLException | IllegalArgumentException ex) {
				throw new TokenGateConfigurationException(prefix + ".jwk-set-uri",
						"'" + jwt.getJwkSetUri() + "' is not an absolute http or https URI");
			}
		}
		else {
			byte[] secret = jwt.getSecret().getBytes(StandardCharsets.UTF_8);
			checkSecretLength(prefix + ".secret", secret, algorithms);
			builder = JwtTokenValidator.withSecret(secret);
		}
		if (!algorithms.isEmpty()) {
			builder.algorithms(algorithms);
		}
		return builder.clock(this.clock)
			.clockSkew(jwt.getClockSkew())
			.issuer((jwt.getIssuer() != null && !jwt.getIssuer().isBlank()) ? jwt.getIssuer() : null)
			.audiences(audiences(prefix + ".audiences", jwt.getAudiences()))
			.retryAfter(jwt.getRetryAfter())
			.build();
	}

	/** The configured algorithms, or empty for the validator's default. */
	private static Set<JWSAlgorithm> algorithms(String property, List<String> names, boolean secret) {
		Set<JWSAlgorithm> result = new LinkedHashSet<>();
		for (int i = 0; i < names.size(); i++) {
			String item = property + "[" + i + "]";
			String name = names.get(i);
			JWSAlgorithm algorithm = (name != null) ? KNOWN.get(name.trim()) : null;
			if (algorithm == null) {
				throw new TokenGateConfigurationException(item, "unknown algorithm '" + name + "'; expected one of "
						+ String.join(", ", KNOWN.keySet()));
			}
			boolean hmac = JWSAlgorithm.Family.HMAC_SHA.contains(algorithm);
			if (secret && !hmac) {
				throw new TokenGateConfigurationException(item,
						"'" + name + "' needs jwk-set-uri; a secret verifies HS256, HS384 or HS512 only");
			}
			if (!secret && hmac) {
				throw new TokenGateConfigurationException(item,
						"'" + name + "' needs a secret; a JWK Set verifies asymmetric algorithms only");
			}
			result.add(algorithm);
		}
		return result;
	}

	/** RFC 7518 §3.2: an HMAC key at least as long as the hash output. */
	private static void checkSecretLength(String property, byte[] secret, Set<JWSAlgorithm> algorithms) {
		Set<JWSAlgorithm> used = algorithms.isEmpty() ? Set.of(JWSAlgorithm.HS256) : algorithms;
		for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.HS512, JWSAlgorithm.HS384, JWSAlgorithm.HS256)) {
			int bits = Integer.parseInt(algorithm.getName().substring(2));
			if (used.contains(algorithm) && secret.length * 8 < bits) {
				throw new TokenGateConfigurationException(property,
						"shorter than " + bits + " bits, the minimum for " + algorithm.getName());
			}
		}
	}

	private static Set<String> audiences(String property, List<String> audiences) {
		for (int i = 0; i < audiences.size(); i++) {
			PropertyChecks.required(property + "[" + i + "]", audiences.get(i));
		}
		return Set.copyOf(audiences);
	}

	private static Map<String, JWSAlgorithm> known(JWSAlgorithm... algorithms) {
		Map<String, JWSAlgorithm> known = new LinkedHashMap<>();
		for (JWSAlgorithm algorithm : algorithms) {
			known.put(algorithm.getName(), algorithm);
		}
		return Collections.unmodifiableMap(known);
	}

}
