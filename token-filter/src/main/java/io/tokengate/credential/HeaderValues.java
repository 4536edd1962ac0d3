package io.tokengate.credential;

/**
 * What may be sent as an HTTP header value built from data the gateway did not write itself
 * (identity claims, placeholders of a token request).
 */
public final class HeaderValues {

	private HeaderValues() {
	}

	/**
	 * Visible ASCII, space and tab only: no CR/LF to split or smuggle a header, and no bytes
	 * whose encoding the receiver might read differently.
	 */
	public static boolean isSafe(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c > 0x7E) {
				return false;
			}
		}
		return true;
	}

}
