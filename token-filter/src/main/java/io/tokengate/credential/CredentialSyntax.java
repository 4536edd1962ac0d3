package io.tokengate.credential;

/**
 * Character rules for credentials. Tokens and keys follow RFC 6750 §2.1 {@code b64token}:
 * {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. Install ids are
 * URI-unreserved characters (RFC 3986 §2.3), which covers UUIDs and opaque ids alike.
 */
final class CredentialSyntax {

	static final int MAX_INSTALL_ID_LENGTH = 256;

	private CredentialSyntax() {
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
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			if (!isUnreserved(c) && c != '+' && c != '/') {
				return false;
			}
		}
		return true;
	}

	static boolean isInstallId(String value) {
		if (value.isEmpty() || value.length() > MAX_INSTALL_ID_LENGTH) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			if (!isUnreserved(value.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isUnreserved(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
