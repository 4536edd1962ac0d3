package io.tokengate.tests.authn;

import io.tokengate.tests.support.MovableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Replaces the gateway's {@code Clock} (the auto-configuration backs off) with a
 * {@link MovableClock}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

	@Bean
	MovableClock tokengateTestClock() {
		return MovableClock.atRealTime();
	}

}
