package io.tokengate.tests.upstream;

import java.time.Clock;

import io.tokengate.tests.support.MovableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Gives the gateway a {@link MovableClock}; the auto-configured clock steps aside for it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class UpstreamTestConfiguration {

	@Bean
	MovableClock tokengateTestClock() {
		return MovableClock.atStart();
	}

}
