package io.tokengate.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The load benchmark's dependencies in one process, on loopback: a fast upstream, an RFC 7662
 * introspection endpoint that says every token is active for an hour, and two token endpoints:
 * {@code /token} (tokens live an hour) and {@code /token-short} (tokens live {@code token-ttl}
 * seconds). {@code GET /counts} on the admin port reports how
 * often each was called, so the script can compare call counts with the number of tokens and
 * expiry periods.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.tokengate.bench.load.LoadBackends <upstream-port>
 * <idp-port> <admin-port> <token-ttl-seconds>}
 */
public final class LoadBackends {

	private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

	private final AtomicLong upstreamCalls = new AtomicLong();

	private final AtomicLong introspections = new AtomicLong();

	private final AtomicLong tokenFetches = new AtomicLong();

	private final AtomicLong shortTokenFetches = new AtomicLong();

	private final AtomicLong tokenSequence = new AtomicLong();

	private final Clock clock = Clock.systemUTC();

	public static void main(String[] args) throws InterruptedException {
		int upstreamPort = Integer.parseInt(args[0]);
		int idpPort = Integer.parseInt(args[1]);
		int adminPort = Integer.parseInt(args[2]);
		long tokenTtl = Long.parseLong(args[3]);
		new LoadBackends().start(upstreamPort, idpPort, adminPort, tokenTtl);
		new CountDownLatch(1).await();
	}

	private Mono<Void> token(HttpServerRequest request, HttpServerResponse response, AtomicLong counter, long ttl) {
		return request.receive().aggregate().then(Mono.defer(() -> {
			counter.incrementAndGet();
			return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.sendString(Mono.just("{\"access_token\":\"upstream-" + this.tokenSequence.incrementAndGet()
						+ "\",\"token_type\":\"Bearer\",\"expires_in\":" + ttl + "}"))
				.then();
		}));
	}

	void start(int upstreamPort, int idpPort, int adminPort, long tokenTtl) {
		DisposableServer upstream = HttpServer.create()
			.host("127.0.0.1")
			.port(upstreamPort)
			.handle((request, response) -> {
				this.upstreamCalls.incrementAndGet();
				return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendByteArray(Mono.just(OK));
			})
			.bindNow();
		DisposableServer idp = HttpServer.create()
			.host("127.0.0.1")
			.port(idpPort)
			.route((routes) -> routes
				.post("/introspect", (request, response) -> request.receive().aggregate().then(Mono.defer(() -> {
					this.introspections.incrementAndGet();
					long exp = this.clock.instant().getEpochSecond() + 3600;
					return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
						.sendString(Mono.just("{\"active\":true,\"sub\":\"load-user\",\"client_id\":\"load-app\","
								+ "\"scope\":\"orders.read orders.write profile\",\"exp\":" + exp + "}"))
						.then();
				})))
				.post("/token", (request, response) -> token(request, response, this.tokenFetches, 3600))
				.post("/token-short", (request, response) -> token(request, response, this.shortTokenFetches, tokenTtl)))
			.bindNow();
		DisposableServer admin = HttpServer.create()
			.host("127.0.0.1")
			.port(adminPort)
			.route((routes) -> routes.get("/counts",
					(request, response) -> response.sendString(Mono.just("upstream=" + this.upstreamCalls.get()
							+ " introspections=" + this.introspections.get() + " token_fetches="
							+ this.tokenFetches.get() + " short_token_fetches=" + this.shortTokenFetches.get() + "\n"))))
			.bindNow();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			upstream.disposeNow();
			idp.disposeNow();
			admin.disposeNow();
		}));
	}

}
