package io.tokengate.upstream;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenRequestTemplateTests {

	private static String body(TokenRequestTemplate.Rendered rendered) {
		return new String(rendered.body(), StandardCharsets.UTF_8);
	}

	@Test
	void renderWhenJsonBodyThenValueEscapedInsideString() {
		TokenRequestTemplate template = new TokenRequestTemplate(HttpMethod.POST, "https://auth.example/v1/auth",
				Map.of(), "{\"ttl\": 60, \"user\": {\"id\": \"{subject}\"}}", MediaType.APPLICATION_JSON);
		TokenRequestTemplate.Rendered rendered = template.render(Map.of("subject", "a\"b\\c\n\u2603"));
		assertThat(body(rendered)).isEqualTo("{\"ttl\": 60, \"user\": {\"id\": \"a\\\"b\\\\c\\n\u2603\"}}");
		assertThat(rendered.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
	}

	@Test
	void renderWhenJsonInjectionAttemptedThenStaysOneString() {
		TokenRequestTemplate template = new TokenRequestTemplate(HttpMethod.POST, "https://x.example/", Map.of(),
				"{\"id\": \"{subject}\"}", MediaType.APPLICATION_JSON);
		String rendered = body(template.render(Map.of("subject", "x\", \"admin\": true, \"y\": \"")));
		assertThat(rendered).isEqualTo("{\"id\": \"x\\\", \\\"admin\\\": true, \\\"y\\\": \\\"\"}");
	}

	@Test
	void renderWhenUriPlaceholderThenPercentEncoded() {
		TokenRequestTemplate template = new TokenRequestTemplate(HttpMethod.GET,
				"https://api.example/v3/users/token?installid={installId}", Map.of(), null, null);
		TokenRequestTemplate.Rendered rendered = template.render(Map.of("installId", "a b&c=d/é"));
		assertThat(rendered.uri().toString())
			.isEqualTo("https://api.example/v3/users/token?installid=a%20b%26c%3Dd%2F%C3%A9");
		assertThat(rendered.body()).isNull();
		assertThat(rendered.method()).isEqualTo(HttpMethod.GET);
	}

	@Test
	void renderWhenFormBodyThenFormEncoded() {
		TokenRequestTemplate template = new TokenRequestTemplate(HttpMethod.POST, "https://x.example/", Map.of(),
				"user={subject}&grant=x", MediaType.APPLICATION_FORM_URLENCODED);
		assertThat(body(template.render(Map.of("subject", "a&b=c d")))).isEqualTo("user=a%26b%3Dc+d&grant=x");
	}

	@Test
	void renderWhenHeaderPlaceholderThenSetAsIs() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Basic abc");
		headers.put("X-User", "{subject}");
		TokenRequestTemplate template = new TokenRequestTemplate(HttpMethod.POST, "https://x.example/", headers, null,
				null);
		TokenRequestTemplate.Rendered rendered = template.render(Map.of("subject", "user-1"));
		assertThat(rendered.headers().getFirst("Authorization")).isEqualTo("Basic abc");
		assertThat(rendered.headers().getFirst("X-User")).isEqualTo("user-1");
	}

	@Test
	void renderWhenHeaderValueWouldSplitHeaderThenFails() {
		TokenRequestTemplate template = new TokenRequestTemplate(HttpMethod.POST, "https://x.example/",
				Map.of("X-User", "{subject}"), null, null);
		assertThatExceptionOfType(UpstreamFetchException.class)
			.isThrownBy(() -> template.render(Map.of("subject", "a\r\nX-Admin: 1")))
			.withMessage("a placeholder value cannot be sent in header X-User");
	}

	@Test
	void variablesWhenUsedAnywhereThenListed() {
		TokenRequestTemplate template = new TokenRequestTemplate(HttpMethod.POST, "https://x.example/{app}",
				Map.of("X-Install", "{installId}"), "{\"id\": \"{subject}\", \"other\": \"{unknown}\"}",
				MediaType.APPLICATION_JSON);
		assertThat(template.variables()).containsExactly("app", "installId", "subject");
		assertThat(template.bodyVariables()).containsExactly("subject");
	}

	@Test
	void toStringWhenSecretsInTemplateThenNotShown() {
		TokenRequestTemplate template = new TokenRequestTemplate(HttpMethod.POST, "https://x.example/?key=secret-1",
				Map.of("Authorization", "Bearer secret-2"), "{\"k\": \"secret-3\"}", MediaType.APPLICATION_JSON);
		assertThat(template.toString()).doesNotContain("secret");
	}

}
