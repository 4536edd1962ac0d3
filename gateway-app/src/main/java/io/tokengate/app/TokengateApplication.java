package io.tokengate.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The runnable gateway: routes and policies come from {@code application.yml}; the filters from
 * the token-filter auto-configuration.
 */
@SpringBootApplication
public class TokengateApplication {

	public static void main(String[] args) {
		SpringApplication.run(TokengateApplication.class, args);
	}

}
