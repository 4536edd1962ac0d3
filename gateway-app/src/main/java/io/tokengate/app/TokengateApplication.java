package io.tokengate.app;

import io.tokengate.gateway.EmptyRequestBodyFilter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The runnable gateway: routes and policies come from {@code application.yml}; the filters from
 * the token-filter auto-configuration.
 */
@SpringBootApplication
public class TokengateApplication {

	public static void main(String[] args) {
		SpringApplication.run(TokengateApplication.class, args);
	}

	/** Every route forwards a request that certainly has no body without reading the server's. */
	@Bean
	EmptyRequestBodyFilter emptyRequestBodyFilter() {
		return new EmptyRequestBodyFilter();
	}

}
