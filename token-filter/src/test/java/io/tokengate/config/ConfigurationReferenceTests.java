package io.tokengate.config;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} documents exactly the keys the property classes bind, with their
 * real types and defaults, and every key the configuration processor emits.
 */
class ConfigurationReferenceTests {

	private static final Path DOC = Path.of("..", "docs", "configuration.md");

	private static final Path METADATA = Path.of("target", "classes", "META-INF",
			"spring-configuration-metadata.json");

	/** {@code | `key` | type | default | meaning |} */
	private static final Pattern ROW = Pattern.compile("^\\|\\s*`(tokengate\\.[^`]+)`\\s*\\|([^|]*)\\|([^|]*)\\|",
			Pattern.MULTILINE);

	@Test
	void everyBoundKeyIsDocumentedAndEveryDocumentedKeyIsBound() throws IOException {
		Map<String, Row> bound = bound();
		Map<String, Row> documented = documented();
		assertThat(documented.keySet()).as("documented keys").containsExactlyInAnyOrderElementsOf(bound.keySet());
	}

	@Test
	void everyDocumentedTypeAndDefaultIsTheRealOne() throws IOException {
		Map<String, Row> bound = bound();
		Map<String, Row> documented = documented();
		for (Map.Entry<String, Row> entry : documented.entrySet()) {
			Row real = bound.get(entry.getKey());
			if (real != null) {
				assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(real);
			}
		}
	}

	@Test
	void everyKeyOfTheProcessorMetadataIsDocumented() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA));
		List<String> names = new ArrayList<>();
		// the processor also describes management.endpoint.tokengate.*, which Spring Boot documents
		metadata.get("properties")
			.forEach((property) -> names.add(property.get("name").asString()));
		names.removeIf((name) -> !name.startsWith(TokenGateProperties.PREFIX + "."));
		assertThat(names).contains("tokengate.inbound", "tokengate.upstream", "tokengate.actuator.write-operations");
		Map<String, Row> documented = documented();
		for (String name : names) {
			assertThat(documented.keySet()).as(name)
				.anyMatch((key) -> key.equals(name) || key.startsWith(name + ".") || key.startsWith(name + "["));
		}
	}

	@Test
	void walkerRendersNestedMapsListsAndDefaults() {
		Map<String, Row> bound = bound();
		assertThat(bound.get("tokengate.inbound.<name>.api-keys[i].sha256")).isEqualTo(new Row("String", "—"));
		assertThat(bound.get("tokengate.upstream.<name>.replay-body-limit")).isEqualTo(new Row("DataSize", "64KB"));
		assertThat(bound.get("tokengate.inbound.<name>.cache.max-ttl")).isEqualTo(new Row("Duration", "5m"));
		assertThat(bound.get("tokengate.inbound.<name>.accept")).isEqualTo(new Row("List<String>", "[bearer]"));
		assertThat(bound.get("tokengate.upstream.<name>.request.headers"))
			.isEqualTo(new Row("Map<String, String>", "{}"));
		assertThat(bound).doesNotContainKey("tokengate.inbound.<name>.jwt");
	}

	private static Map<String, Row> documented() throws IOException {
		Map<String, Row> rows = new LinkedHashMap<>();
		Matcher matcher = ROW.matcher(Files.readString(DOC));
		while (matcher.find()) {
			rows.put(matcher.group(1), new Row(matcher.group(2).strip(), matcher.group(3).strip().replace("`", "")));
		}
		return rows;
	}

	static Map<String, Row> bound() {
		Map<String, Row> rows = new LinkedHashMap<>();
		walk(TokenGateProperties.PREFIX, new TokenGateProperties(), rows);
		return rows;
	}

	private static void walk(String prefix, Object bean, Map<String, Row> rows) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(bean.getClass())) {
			if (property.getReadMethod() == null || property.getWriteMethod() == null) {
				continue;
			}
			String key = prefix + "." + kebab(property.getName());
			Type type = property.getReadMethod().getGenericReturnType();
			Object value = read(bean, property);
			if (isGroup(type)) {
				walk(key, (value != null) ? value : instantiate((Class<?>) type), rows);
			}
			else if (type instanceof ParameterizedType generic && isGroup(last(generic))) {
				Class<?> element = (Class<?>) last(generic);
				String suffix = (generic.getRawType() == Map.class) ? ".<name>" : "[i]";
				walk(key + suffix, instantiate(element), rows);
			}
			else {
				rows.put(key, new Row(typeName(type), render(value)));
			}
		}
	}

	private static boolean isGroup(Type type) {
		return type instanceof Class<?> cls && cls.getPackageName().equals(TokenGateProperties.class.getPackageName());
	}

	private static Type last(ParameterizedType type) {
		Type[] arguments = type.getActualTypeArguments();
		return arguments[arguments.length - 1];
	}

	private static Object read(Object bean, PropertyDescriptor property) {
		try {
			return property.getReadMethod().invoke(bean);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Object instantiate(Class<?> type) {
		return BeanUtils.instantiateClass(type);
	}

	private static String kebab(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

	private static String typeName(Type type) {
		if (type instanceof Class<?> cls) {
			return cls.getSimpleName();
		}
		ParameterizedType generic = (ParameterizedType) type;
		List<String> arguments = new ArrayList<>();
		for (Type argument : generic.getActualTypeArguments()) {
			arguments.add(typeName(argument));
		}
		return ((Class<?>) generic.getRawType()).getSimpleName() + "<" + String.join(", ", arguments) + ">";
	}

	/** Defaults as they are written in YAML: 5m, 64KB, [bearer]; none as a dash. */
	static String render(Object value) {
		if (value == null) {
			return "—";
		}
		if (value instanceof Duration duration) {
			return duration(duration);
		}
		if (value instanceof DataSize size) {
			return (size.toBytes() % 1024 == 0) ? size.toKilobytes() + "KB" : size.toBytes() + "B";
		}
		if (value instanceof List<?> list) {
			return list.toString();
		}
		return String.valueOf(value);
	}

	private static String duration(Duration duration) {
		long millis = duration.toMillis();
		if (millis == 0) {
			return "0s";
		}
		if (millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

	record Row(String type, String defaultValue) {
	}

}
