package io.tokengate.tests.hostile;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.UnixOperatingSystemMXBean;
import io.tokengate.app.TokengateApplication;
import io.tokengate.tests.support.FreePorts;
import io.tokengate.tests.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded soak on loopback, in real time ({@value #SECONDS} s): four clients cycle through an
 * API key on a route with an upstream token that expires every 3 s, and four introspected
 * tokens whose cached answers live 5 s; in the middle the IdP fails for 6 s. Every request
 * succeeds (a usable cached answer or token always exists), the upstream token is renewed all
 * along, and used heap, threads and open file descriptors are flat.
 */
@SpringBootTest(classes = TokengateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tokengate.inbound.hostile.cache.max-ttl=5s", "tokengate.inbound.hostile.cache.stale-if-error=30s",
				"tokengate.upstream.flaky.clock-skew=1s" })
@ActiveProfiles("hostile")
class SoakIntegrationTests {

	static final long SECONDS = 60;

	private static final TestUpstream idp = TestUpstream.start();

	private static final List<String> TOKENS = List.of("soak-1", "soak-2", "soak-3", "soak-4");

	/** {@code Authorization} of every request that reached the {@code flaky} route's upstream. */
	private static final Set<String> upstreamTokens = ConcurrentHashMap.newKeySet();

	/** Every upstream request that carried a caller credential (URL and headers). */
	private static final List<String> leaked = new CopyOnWriteArrayList<>();

	private static final AtomicLong forwarded = new AtomicLong();

	// no journal: a minute of requests would fill the heap this test watches
	private static final TestUpstream upstream = TestUpstream.observing((request) -> {
		forwarded.incrementAndGet();
		if (request.getUrl().startsWith("/flaky")) {
			upstreamTokens.add(request.getHeader("Authorization"));
		}
		String seen = request.getUrl() + request.getHeaders();
		if (seen.contains("key-alice") || TOKENS.stream().anyMatch(seen::contains)) {
			leaked.add(seen);
		}
	});

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		registry.add("test.idp.url", idp::baseUrl);
		registry.add("test.upstream.url", upstream::baseUrl);
		registry.add("test.closed-port", FreePorts::next);
	}

	@AfterAll
	static void stop() {
		idp.close();
		upstream.close();
	}

	/** The upstream token endpoint hands out a new 3-second token on every fetch. */
	private static void tokensTurnOverEvery3Seconds() {
		idp.server()
			.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"token\":\"soak-up-{{randomValue length=12 type='ALPHANUMERIC'}}\",\"expires_in\":3}")
				.withTransformers("response-template")));
	}

	private static void introspectionWorks() {
		idp.server()
			.stubFor(post(urlEqualTo("/introspect")).withFormParam("token", matching("soak-.*"))
				.willReturn(okJson("{\"active\":true,\"sub\":\"alice\",\"scope\":\"orders.read\",\"exp\":"
						+ Instant.now().plusSeconds(3600).getEpochSecond() + "}")));
	}

	@Test
	void clientsNeverFailWhileUpstreamTokensTurnOverAndTheIdpFailsAndNothingLeaks() throws Exception {
		introspectionWorks();
		tokensTurnOverEvery3Seconds();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
		Instant end = Instant.now().plusSeconds(SECONDS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				int client = c;
				running.add(clients.submit(() -> {
					for (long i = client; Instant.now().isBefore(end); i++) {
						statuses.computeIfAbsent(send(http, i), (status) -> new AtomicLong()).incrementAndGet();
					}
					return null;
				}));
			}
			Thread.sleep(5_000); // real time: this is a soak, not an expiry
			Usage before = Usage.now();
			idp.server().stubFor(post(urlEqualTo("/introspect")).atPriority(1).willReturn(serverError()));
			Thread.sleep(6_000);
			idp.server().resetMappings();
			introspectionWorks();
			tokensTurnOverEvery3Seconds();
			while (Instant.now().isBefore(end.minusSeconds(1))) {
				Thread.sleep(200);
			}
			Usage after = Usage.now();
			for (Future<?> client : running) {
				client.get(30, TimeUnit.SECONDS);
			}
			long total = statuses.values().stream().mapToLong(AtomicLong::get).sum();
			assertThat(statuses.keySet()).as("statuses " + statuses).containsOnly(200);
			assertThat(total).isGreaterThan(SECONDS * 10);
			assertThat(after.heap()).as("used heap after GC").isLessThan(before.heap() + 64L * 1024 * 1024);
			assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + 10);
			assertThat(after.files()).as("open file descriptors").isLessThanOrEqualTo(before.files() + 40);
		}
		finally {
			clients.shutdownNow();
		}
		int fetches = idp.server().countRequestsMatching(postRequestedFor(urlEqualTo("/token")).build()).getCount();
		// a 3 s token, unusable 1 s before its exp: about one fetch every 2 s, never a storm
		assertThat(fetches).isBetween((int) (SECONDS / 3), (int) SECONDS);
		assertThat(forwarded.get()).isGreaterThan(SECONDS * 10);
		assertThat(upstreamTokens).hasSizeGreaterThanOrEqualTo((int) (SECONDS / 3))
			.allMatch((value) -> value.startsWith("Bearer soak-up-"));
		assertThat(leaked).isEmpty();
	}

	private int send(HttpClient http, long i) throws Exception {
		int kind = (int) (i % 5);
		HttpRequest.Builder request = HttpRequest.newBuilder()
			.uri(URI.create("http://127.0.0.1:" + this.port + ((kind == 4) ? "/flaky/orders" : "/api/orders")))
			.timeout(Duration.ofSeconds(5));
		request.header("Authorization", (kind == 4) ? "Token key-alice" : "Bearer " + TOKENS.get(kind));
		return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/** Used heap after a GC, live threads, open file descriptors of this JVM (gateway, servers, clients). */
	record Usage(long heap, int threads, long files) {

		static Usage now() {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			memory.gc();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
			long files = (os instanceof UnixOperatingSystemMXBean unix) ? unix.getOpenFileDescriptorCount() : 0;
			return new Usage(memory.getHeapMemoryUsage().getUsed(), threads.getThreadCount(), files);
		}

	}

}
