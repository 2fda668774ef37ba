package dev.groundwork.annotation.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The names of Groundwork's own meters, in one place (docs/operations.md lists them with their Prometheus names),
 * and a holder of the meters one component registers, so that it can remove them when it stops.
 */
public final class Meters implements AutoCloseable {

    /** Counter, tag {@code judge} (HUMAN, CRITIC): judgments recorded; its rate is judgments/s. */
    public static final String JUDGMENTS_RECORDED = "groundwork.judgments.recorded";
    /** Gauge: outbox rows not yet published to Kafka. */
    public static final String OUTBOX_UNPUBLISHED = "groundwork.outbox.unpublished";
    /** Gauge, seconds: age of the oldest outbox row not yet published (0 when none); the outbox lag. */
    public static final String OUTBOX_LAG = "groundwork.outbox.lag.seconds";
    /** Gauge, tags {@code group} and {@code topic}: records the consumer's assigned partitions are behind. */
    public static final String CONSUMER_LAG = "groundwork.consumer.lag";
    /** Counter, tag {@code objective}: optimiser steps taken; its rate is training steps/s. */
    public static final String TRAINING_STEPS = "groundwork.training.steps";
    /** Counter, tag {@code objective}: training runs that finished. */
    public static final String TRAINING_RUNS = "groundwork.training.runs";
    /** Timer, tags {@code critic} and {@code outcome} (judged, failed): the time one critic request took. */
    public static final String CRITIC_LATENCY = "groundwork.critic.latency";
    /** Counter, tag {@code reason}: critic requests that failed (each is dead-lettered). */
    public static final String CRITIC_ERRORS = "groundwork.critic.errors";
    /** Counter, tags {@code producer} and {@code reason}: records sent to the dead-letter topic. */
    public static final String DEAD_LETTERS = "groundwork.dead.letters";
    /** Gauge: dead letters the workbench stored that no admin has replayed or discarded yet. */
    public static final String DEAD_LETTERS_WAITING = "groundwork.dead.letters.waiting";

    private final MeterRegistry registry;
    private final List<Meter> registered = new ArrayList<>();

    /** Meters on {@link Metrics#globalRegistry}, where every service's scrape endpoint reads them. */
    public Meters() {
        this(Metrics.globalRegistry);
    }

    public Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A gauge that reads {@code value} on each scrape; held strongly until {@link #close}. */
    public synchronized void gauge(String name, Tags tags, String description, DoubleSupplier value) {
        registered.add(Gauge.builder(name, value::getAsDouble).tags(tags).description(description).strongReference(true)
                .register(registry));
    }

    public synchronized Counter counter(String name, Tags tags, String description) {
        Counter counter = Counter.builder(name).tags(tags).description(description).register(registry);
        registered.add(counter);
        return counter;
    }

    /** Registers a meter built elsewhere, to be removed on {@link #close}. */
    public synchronized <M extends Meter> M add(Supplier<M> meter) {
        M m = meter.get();
        registered.add(m);
        return m;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The first word of a reason such as {@code "TIMEOUT: no answer in 30 s"}, for a tag with few values; reasons
     * without such a code give {@code other}.
     */
    public static String reasonTag(String reason) {
        int colon = reason.indexOf(':');
        String code = colon > 0 ? reason.substring(0, colon) : reason;
        return code.matches("[A-Z][A-Z_]{1,40}") ? code : "other";
    }

    /** Removes this holder's meters from the registry (a stopped consumer reports no lag). */
    @Override
    public synchronized void close() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
