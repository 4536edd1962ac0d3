package io.tokengate.credential;

/**
 * Character rules for credentials. Tokens and keys follow RFC 6750 §2.1 {@code b64token}:
 * {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. Install ids are
 * URI-unreserved characters (RFC 3986 §2.3), which covers UUIDs and opaque ids alike.
 */
final class CredentialSyntax {

	static final int MAX_INSTALL_ID_LENGTH = 256;

	/** URI-unreserved ASCII characters; a table, because every request checks every character. */
	private static final boolean[] UNRESERVED = asciiTable("-._~");

	/** b64token characters before the trailing "=" padding: the unreserved ones plus "+" and "/". */
	private static final boolean[] B64TOKEN = asciiTable("-._~+/");

	private CredentialSyntax() {
	}

	private static boolean[] asciiTable(String symbols) {
		boolean[] table = new boolean[128];
		for (char c = '0'; c <= '9'; c++) {
			table[c] = true;
		}
		for (char c = 'A'; c <= 'Z'; c++) {
			table[c] = true;
			table[Character.toLowerCase(c)] = true;
		}
		for (char c : symbols.toCharArray()) {
			table[c] = true;
		}
		return table;
	}

	static boolean isB64Token(String value) {
		int length = value.length();
		int end = length;
		while (end > 0 && value.charAt(end - 1) == '=') {
			end--;
		}
		if (end == 0) {
			return false;
		}
		return allIn(B64TOKEN, value, end);
	}

	static boolean isInstallId(String value) {
		if (value.isEmpty() || value.length() > MAX_INSTALL_ID_LENGTH) {
			return false;
		}
		return allIn(UNRESERVED, value, value.length());
	}

	private static boolean allIn(boolean[] table, String value, int end) {
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			if (c >= table.length || !table[c]) {
				return false;
			}
		}
		return true;
	}

}
