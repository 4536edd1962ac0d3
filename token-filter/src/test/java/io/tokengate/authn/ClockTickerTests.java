package io.tokengate.authn;

import java.time.Duration;
import java.time.Instant;

import io.tokengate.support.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClockTickerTests {

	@Test
	void readWhenClockMovesThenTickerMovesAsMuch() {
		TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
		ClockTicker ticker = new ClockTicker(clock);
		assertThat(ticker.read()).isZero();
		clock.advance(Duration.ofMillis(1500));
		assertThat(ticker.read()).isEqualTo(1_500_000_000L);
	}

	@Test
	void readWhenClockCrossesASecondBoundaryThenMillisecondsCarry() {
		TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00.700Z"));
		ClockTicker ticker = new ClockTicker(clock);
		clock.advance(Duration.ofMillis(500));
		assertThat(ticker.read()).isEqualTo(500_000_000L);
		clock.advance(Duration.ofHours(1).plusMillis(7));
		assertThat(ticker.read()).isEqualTo(3_600_507_000_000L);
	}

	@Test
	void readWhenClockMovesLessThanAMillisecondThenTickerStays() {
		TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00.000100Z"));
		ClockTicker ticker = new ClockTicker(clock);
		clock.advance(Duration.ofNanos(800_000));
		assertThat(ticker.read()).isZero();
		clock.advance(Duration.ofNanos(100_000));
		assertThat(ticker.read()).isEqualTo(1_000_000L);
	}

}
