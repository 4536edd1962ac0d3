package io.tokengate.upstream;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A provider whose answers the test scripts, one per fetch, and which records every fetch.
 */
public final class FakeTokenProvider implements UpstreamTokenProvider {

	public final List<Partition> fetches = new CopyOnWriteArrayList<>();

	private final Queue<Supplier<Mono<UpstreamToken>>> answers = new ConcurrentLinkedQueue<>();

	private volatile Function<Partition, Mono<UpstreamToken>> fallback = (partition) -> Mono
		.error(new IllegalStateException("unexpected fetch for " + partition));

	@Override
	public Mono<UpstreamToken> fetch(Partition partition) {
		this.fetches.add(partition);
		Supplier<Mono<UpstreamToken>> answer = this.answers.poll();
		return (answer != null) ? answer.get() : this.fallback.apply(partition);
	}

	/** The next fetch answers with whatever the supplier gives when the fetch starts. */
	public void answer(Supplier<Mono<UpstreamToken>> answer) {
		this.answers.add(answer);
	}

	public void fail(String reason) {
		this.answers.add(() -> Mono.error(new UpstreamFetchException(reason)));
	}

	/** The next fetch stays in flight until the test completes the returned sink. */
	public Sinks.One<UpstreamToken> pending() {
		Sinks.One<UpstreamToken> sink = Sinks.one();
		this.answers.add(sink::asMono);
		return sink;
	}

	/** Answers every fetch nothing else was scripted for. */
	public void otherwise(Function<Partition, Mono<UpstreamToken>> fallback) {
		this.fallback = fallback;
	}

	public int count() {
		return this.fetches.size();
	}

}
