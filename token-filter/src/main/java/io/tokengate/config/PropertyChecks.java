package io.tokengate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * The checks property values share; each failure names the property.
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static String required(String property, String value) {
		if (value == null || value.isBlank()) {
			throw new TokenGateConfigurationException(property, "must be set");
		}
		return value;
	}

	static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new TokenGateConfigurationException(property, "must be positive, was " + value);
		}
		return value;
	}

	static Duration notNegative(String property, Duration value) {
		if (value == null || value.isNegative()) {
			throw new TokenGateConfigurationException(property, "must not be negative, was " + value);
		}
		return value;
	}

	/** An absolute {@code http} or {@code https} URI with a host. */
	static URI httpUri(String property, String value) {
		required(property, value);
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw new TokenGateConfigurationException(property, "'" + value + "' is not an absolute http or https URI");
	}

}
