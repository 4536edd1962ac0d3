package io.tokengate.tests.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 client on a plain socket that sends exactly the bytes it is given, so that
 * requests no well-behaved client would send (CRLF and control characters in header values,
 * 64 KiB headers, raw non-ASCII bytes, two {@code Authorization} headers) reach the gateway.
 * Every request closes its connection; reads give up after {@code timeoutMillis}.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends {@code method target HTTP/1.1}, {@code Host}, the given header lines (each written
	 * as ISO-8859-1, one byte per char, followed by CRLF) and {@code Connection: close}.
	 */
	static Response send(int port, String method, String target, List<String> headerLines, int timeoutMillis) {
		StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: 127.0.0.1:").append(port).append("\r\n");
		for (String line : headerLines) {
			head.append(line).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
			socket.setSoTimeout(timeoutMillis);
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return Response.parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + abbreviate(target) + " failed", ex);
		}
	}

	/** {@code value} as UTF-8 bytes, one char per byte, for {@link #send}. */
	static String utf8(String value) {
		return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (java.net.SocketException ex) {
			// a reset after the answer was written still leaves the answer
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		return bytes.toByteArray();
	}

	private static String abbreviate(String value) {
		return (value.length() > 80) ? value.substring(0, 80) + "..." : value;
	}

	/** Status, raw header block and decoded body. */
	record Response(int status, String head, String body) {

		static Response parse(byte[] raw) {
			String all = new String(raw, StandardCharsets.ISO_8859_1);
			int split = all.indexOf("\r\n\r\n");
			if (!all.startsWith("HTTP/1.1 ") || split < 0) {
				throw new IllegalStateException("not an HTTP response: " + abbreviate(all));
			}
			String head = all.substring(0, split);
			String body = all.substring(split + 4);
			int status = Integer.parseInt(head.substring(9, 12));
			if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
				body = dechunk(body);
			}
			return new Response(status, head, new String(body.getBytes(StandardCharsets.ISO_8859_1),
					StandardCharsets.UTF_8));
		}

		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (at < chunked.length()) {
				int lineEnd = chunked.indexOf("\r\n", at);
				int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
				if (size == 0) {
					break;
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				at = lineEnd + 2 + size + 2;
			}
			return body.toString();
		}

		/** The first value of header {@code name}, or {@code null}. */
		String header(String name) {
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}

		/** Everything the caller got back: header block and body. */
		String whole() {
			return this.head + "\r\n\r\n" + this.body;
		}

	}

}
