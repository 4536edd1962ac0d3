package io.tokengate.authn;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityTests {

	private static Identity identity(String subject, String app, List<String> scopes) {
		return new Identity(subject, app, scopes, null, null, null);
	}

	@Test
	void isForwardableWhenVisibleAsciiSpaceAndTabThenTrue() {
		assertThat(identity("alice", "app 7\tbeta", List.of("orders.read", "a~b")).isForwardable()).isTrue();
		assertThat(identity("alice", null, List.of()).isForwardable()).isTrue();
	}

	@Test
	void isForwardableWhenAnyValueHasALineBreakOrNonAsciiThenFalse() {
		assertThat(identity("eve\r\nX-Admin: true", "app-7", List.of()).isForwardable()).isFalse();
		assertThat(identity("eve", "app\n7", List.of()).isForwardable()).isFalse();
		assertThat(identity("eve", "app-7", List.of("orders.read", "admin\u0000")).isForwardable()).isFalse();
		assertThat(identity("\u00e9ve", "app-7", List.of()).isForwardable()).isFalse();
		assertThat(identity("eve\u007f", "app-7", List.of()).isForwardable()).isFalse();
	}

	@Test
	void isForwardableWhenInstallIdAddedThenJudgedWithIt() {
		Identity safe = identity("alice", "app-7", List.of("orders.read"));
		assertThat(safe.withInstallId("install-1").isForwardable()).isTrue();
		assertThat(safe.withInstallId("install\r\n1").isForwardable()).isFalse();
		Identity unsafe = identity("eve\n", "app-7", List.of());
		assertThat(unsafe.withInstallId("install-1").isForwardable()).isFalse();
		assertThat(new Identity("alice", "app-7", List.of(), "install\n1", null, null).isForwardable()).isFalse();
	}

}
