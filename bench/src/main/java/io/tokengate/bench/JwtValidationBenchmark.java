package io.tokengate.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokengate.authn.CachingTokenValidator;
import io.tokengate.authn.Identity;
import io.tokengate.authn.JwtTokenValidator;
import io.tokengate.authn.ValidationCache;
import io.tokengate.credential.Credential;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A JWT checked on every request (parse, HMAC, claims) against the same JWT answered from the
 * validation cache (a SHA-256 and a lookup): the value of the cache for hot tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class JwtValidationBenchmark {

	private static final byte[] SECRET = "a-bench-secret-of-at-least-256-bits-0123456789".getBytes(StandardCharsets.UTF_8);

	private JwtTokenValidator uncached;

	private CachingTokenValidator cached;

	private Credential credential;

	@Setup
	public void setUp() throws JOSEException {
		Clock clock = Clock.systemUTC();
		this.uncached = JwtTokenValidator.withSecret(SECRET).clock(clock).issuer("https://idp.bench").build();
		this.cached = new CachingTokenValidator(ValidationCache.builder("bench", clock).build(), this.uncached);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://idp.bench")
			.subject("alice")
			.claim("client_id", "app-7")
			.claim("scope", "orders.read orders.write profile")
			.issueTime(Date.from(clock.instant()))
			.expirationTime(Date.from(clock.instant().plus(Duration.ofHours(1))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(SECRET));
		this.credential = Credential.bearer(jwt.serialize());
		this.cached.validate(this.credential).block();
	}

	@Benchmark
	public Identity jwtUncached() {
		return this.uncached.validate(this.credential).block();
	}

	@Benchmark
	public Identity jwtCached() {
		return this.cached.validate(this.credential).block();
	}

}
