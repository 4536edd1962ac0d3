package io.tokengate.upstream;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenSlotTests {

	private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private final TokenSlot slot = TokenSlot.fetched(new UpstreamToken("t1", T0, T0.plusSeconds(100)));

	@Test
	void claimRefreshWhenClaimedOnceThenLaterClaimsOnTheSameSlotFail() {
		assertThat(this.slot.claimRefresh()).isTrue();
		assertThat(this.slot.claimRefresh()).isFalse();
		assertThat(this.slot.claimRefresh()).isFalse();
	}

	@Test
	void claimRefreshWhenAFetchFailedThenTheSlotThatRecordsItMayRefreshAgain() {
		assertThat(this.slot.claimRefresh()).isTrue();
		TokenSlot failed = TokenSlot.failed(this.slot, T0.plusSeconds(1), "status 500");
		assertThat(failed.token()).isSameAs(this.slot.token());
		assertThat(failed.claimRefresh()).isTrue();
		assertThat(this.slot.revoke().claimRefresh()).isTrue();
	}

}
