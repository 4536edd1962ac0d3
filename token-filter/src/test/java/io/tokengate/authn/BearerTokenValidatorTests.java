package io.tokengate.authn;

import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tokengate.credential.Credential;
import io.tokengate.credential.TokenErrorException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BearerTokenValidatorTests {

	private final List<String> calls = new ArrayList<>();

	private final TokenValidator jwt = named("jwt");

	private final TokenValidator introspection = named("introspection");

	private TokenValidator named(String name) {
		return (credential) -> {
			this.calls.add(name);
			return Mono.just(new Identity(name, null, null, null, null, null));
		};
	}

	private static String signedJwt() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("a").build());
		jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef"));
		return jwt.serialize();
	}

	@Test
	void validateWhenJwsAndJwtConfiguredThenJwtValidator() throws Exception {
		new BearerTokenValidator(this.jwt, this.introspection).validate(Credential.bearer(signedJwt())).block();
		assertThat(this.calls).containsExactly("jwt");
	}

	@Test
	void validateWhenUnsecuredJwtThenJwtValidatorRefusesItRatherThanIntrospection() {
		String none = new PlainJWT(new JWTClaimsSet.Builder().subject("a").build()).serialize();
		new BearerTokenValidator(this.jwt, this.introspection).validate(Credential.bearer(none)).block();
		assertThat(this.calls).containsExactly("jwt");
	}

	@Test
	void validateWhenOpaqueThenIntrospection() {
		new BearerTokenValidator(this.jwt, this.introspection).validate(Credential.bearer("opaque.token.value")).block();
		assertThat(this.calls).containsExactly("introspection");
	}

	@Test
	void validateWhenJwsButNoJwtConfiguredThenIntrospection() throws Exception {
		new BearerTokenValidator(null, this.introspection).validate(Credential.bearer(signedJwt())).block();
		assertThat(this.calls).containsExactly("introspection");
	}

	@Test
	void validateWhenOpaqueAndNoIntrospectionThenInvalidToken() {
		StepVerifier.create(new BearerTokenValidator(this.jwt, null).validate(Credential.bearer("opaque")))
			.expectErrorSatisfies((ex) -> assertThat(((TokenErrorException) ex).error().description())
				.isEqualTo("The token is not a JWT"))
			.verify();
		assertThat(this.calls).isEmpty();
	}

	@Test
	void constructorWhenNeitherThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BearerTokenValidator(null, null));
	}

}
