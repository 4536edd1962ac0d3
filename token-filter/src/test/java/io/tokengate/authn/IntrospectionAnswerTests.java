package io.tokengate.authn;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IntrospectionAnswerTests {

	@Test
	void fromWhenOnlyActiveThenEmptyMembers() {
		IntrospectionAnswer answer = IntrospectionAnswer.from(Map.of("active", true));
		assertThat(answer.active()).isTrue();
		assertThat(answer.subject()).isNull();
		assertThat(answer.scopes()).isEmpty();
		assertThat(answer.audiences()).isEmpty();
		assertThat(answer.expiresAt()).isNull();
		assertThat(answer.claims()).isEmpty();
	}

	@Test
	void fromWhenActiveMissingThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> IntrospectionAnswer.from(Map.of("sub", "alice")))
			.withMessage("'active' is not a boolean");
	}

	@Test
	void fromWhenMemberHasWrongTypeThenRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntrospectionAnswer.from(Map.of("active", true, "exp", "tomorrow")))
			.withMessage("'exp' is not a number");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntrospectionAnswer.from(Map.of("active", true, "sub", 42)))
			.withMessage("'sub' is not a string");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IntrospectionAnswer.from(Map.of("active", true, "aud", List.of(1))))
			.withMessage("'aud' is neither a string nor an array of strings");
	}

	@Test
	void fromWhenScopeHasExtraSpacesThenSplitsCleanly() {
		IntrospectionAnswer answer = IntrospectionAnswer.from(Map.of("active", true, "scope", " a  b "));
		assertThat(answer.scopes()).containsExactly("a", "b");
	}

}
