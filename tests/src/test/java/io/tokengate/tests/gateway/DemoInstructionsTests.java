package io.tokengate.tests.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tokengate.app.TokengateApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo logs the {@code curl} lines to try, for the port it actually listens on, and the
 * README or {@code docs/demo.md} shows the same lines (for port 8080).
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoInstructionsTests {

	private static final Pattern CURL = Pattern.compile("curl [^\\r\\n#]*?(?=\\s*#|\\s*$)", Pattern.MULTILINE);

	@Test
	void demoLogsTheCurlLinesTheReadmeShows(CapturedOutput output) throws IOException {
		int port;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TokengateApplication.class)
			.profiles("demo")
			.properties("server.port=0")
			.run()) {
			port = ((WebServerApplicationContext) context).getWebServer().getPort();
		}
		List<String> logged = curlLines(output.getAll()).stream()
			.map((line) -> line.replace("127.0.0.1:" + port, "127.0.0.1:8080"))
			.toList();
		assertThat(logged).hasSize(7);
		assertThat(logged.get(0)).isEqualTo(
				"curl -s 'http://127.0.0.1:8080/api/orders?page=2' -H 'Authorization: Token demo-key-alice'");
		assertThat(logged.subList(4, 7)).containsExactly(
				"curl -s 'http://127.0.0.1:8080/protected/orders' -H 'Authorization: Token demo-key-alice'",
				"curl -si http://127.0.0.1:8080/echo-protected/orders",
				"curl -s http://127.0.0.1:8080/actuator/tokengate");
		List<String> documented = new ArrayList<>(curlLines(Files.readString(Path.of("..", "README.md"))));
		documented.addAll(curlLines(Files.readString(Path.of("..", "docs", "demo.md"))));
		assertThat(documented).containsAll(logged);
	}

	private static List<String> curlLines(String text) {
		Matcher matcher = CURL.matcher(text);
		return matcher.results().map((result) -> result.group().strip()).distinct().toList();
	}

}
