package io.tokengate.tests.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of hostile {@code Authorization} headers, install-token pairs and query
 * strings, for the property tests: the same seed gives the same inputs, so a failure names the
 * seed and the case that reproduces it.
 */
final class RandomCredentials {

	private static final String[] SCHEMES = { "Bearer", "bearer", "BEARER", "Token", "token", "tOKEN", "Basic",
			"Digest", "", "Bearer,", "Tokens", "InstallToken", "X" };

	private static final String[] SEPARATORS = { " ", " ", " ", "  ", "\t", "", " \t ", "," };

	private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";

	private static final String HOSTILE = "= \t\"',;:%\\<>{}[]()@#&?!$*|^`";

	private final Random random;

	private final int longLength;

	/**
	 * @param longLength length of the occasional long value: beyond the resolver's 4096-character
	 * limit for unit tests, below the server's 4 KiB request-line limit for requests on the wire
	 */
	RandomCredentials(long seed, int longLength) {
		this.random = new Random(seed);
		this.longLength = longLength;
	}

	/** An {@code Authorization} value: a scheme, a separator and a value, each possibly broken. */
	String authorization(boolean printableOnly) {
		return pick(SCHEMES) + pick(SEPARATORS) + value(printableOnly);
	}

	/** A token-like value: mostly b64token characters, sometimes hostile, control or non-ASCII ones. */
	String value(boolean printableOnly) {
		int length = switch (this.random.nextInt(10)) {
			case 0 -> 0;
			case 1 -> this.longLength + this.random.nextInt(200);
			default -> 1 + this.random.nextInt(60);
		};
		StringBuilder value = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			int kind = this.random.nextInt(100);
			if (kind < 85) {
				value.append(B64.charAt(this.random.nextInt(B64.length())));
			}
			else if (kind < 93) {
				value.append(HOSTILE.charAt(this.random.nextInt(HOSTILE.length())));
			}
			else if (printableOnly) {
				value.append('=');
			}
			else if (kind < 97) {
				value.append((char) this.random.nextInt(0x20));
			}
			else {
				value.append((char) (0x80 + this.random.nextInt(0x3000)));
			}
		}
		return value.toString();
	}

	/** Query parameters (name, value) using the install names, repeated or missing at random. */
	List<String[]> installParameters() {
		List<String[]> parameters = new ArrayList<>();
		int count = this.random.nextInt(5);
		for (int i = 0; i < count; i++) {
			String name = pick(new String[] { "token", "installid", "installid", "token", "TOKEN", "other" });
			parameters.add(new String[] { name, (this.random.nextInt(4) == 0) ? value(false) : shortId() });
		}
		return parameters;
	}

	boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	String shortId() {
		StringBuilder id = new StringBuilder();
		int length = 1 + this.random.nextInt(12);
		for (int i = 0; i < length; i++) {
			id.append(B64.charAt(this.random.nextInt(62)));
		}
		return id.toString();
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

}
