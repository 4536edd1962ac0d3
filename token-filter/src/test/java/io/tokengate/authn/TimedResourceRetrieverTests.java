package io.tokengate.authn;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.util.Resource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class TimedResourceRetrieverTests {

	private final List<IdpCall> calls = new ArrayList<>();

	@Test
	void retrieveTellsTheListenerOfSuccessAndFailure() throws Exception {
		URL url = URI.create("http://idp.example/jwks.json").toURL();
		Resource keys = new Resource("{\"keys\":[]}", "application/json");
		assertThat(new TimedResourceRetriever((u) -> keys, this.calls::add, "partners").retrieveResource(url))
			.isSameAs(keys);
		assertThatIOException().isThrownBy(() -> new TimedResourceRetriever((u) -> {
			throw new IOException("refused");
		}, this.calls::add, "partners").retrieveResource(url)).withMessage("refused");
		assertThat(this.calls).extracting(IdpCall::policy, IdpCall::kind, IdpCall::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("partners", IdpCall.Kind.JWK_SET, "success"),
					org.assertj.core.groups.Tuple.tuple("partners", IdpCall.Kind.JWK_SET, "failure"));
	}

}
