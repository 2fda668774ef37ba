package dev.groundwork.trainer.stream;

import dev.groundwork.annotation.event.DatasetEvent;
import dev.groundwork.annotation.event.DisagreementResolved;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.ops.ConsumerLag;
import dev.groundwork.annotation.ops.Meters;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code groundwork.judgments.v1} in a consumer group with {@code read_committed} and
 * stores each poll's judgments and reviewers' resolutions together with the next offsets in the
 * {@link PairBuffer}, in one transaction. On (re)assignment it seeks to the offsets stored there,
 * so Kafka's own committed offsets are only informational. Records that fail validation, or of a
 * type the trainer does not use, go to the dead-letter topic with the reason in a header and do
 * not stop the consumer.
 */
public final class JudgmentStreamConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JudgmentStreamConsumer.class);

    /** Consumer settings. */
    public record Settings(String groupId, Duration pollTimeout, int maxPollRecords, Map<String, Object> consumerOverrides) {
        public Settings {
            Objects.requireNonNull(groupId, "groupId");
            consumerOverrides = Map.copyOf(consumerOverrides);
        }

        public static Settings defaults(String groupId) {
            return new Settings(groupId, Duration.ofMillis(200), 2000, Map.of());
        }
    }

    /** Crash points for tests. */
    public interface Faults {
        Faults NONE = new Faults() {};

        /** After a poll was decoded, before it is stored. */
        default void beforeStore(int records) {}
    }

    /** Thrown by {@link Faults} to end the consumer thread as a crash would. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash(String where) {
            super("simulated consumer crash " + where);
        }
    }

    /** Told about every batch once it is stored (metrics, benchmarks). */
    public interface Listener {
        Listener NONE = batch -> {};

        void stored(List<PairBuffer.Consumed> batch);
    }

    private final KafkaConnection kafka;
    private final PairBuffer buffer;
    private final Listener listener;
    private final Settings settings;
    private final Faults faults;
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private volatile long lastPollNanos;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> deadLetters;

    public JudgmentStreamConsumer(KafkaConnection kafka, PairBuffer buffer, Settings settings, Faults faults) {
        this(kafka, buffer, settings, faults, Listener.NONE);
    }

    public JudgmentStreamConsumer(KafkaConnection kafka, PairBuffer buffer, Settings settings, Faults faults, Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /** Votes and resolutions stored so far (duplicates not counted). */
    public long consumed() {
        return consumed.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long duplicatesSkipped() {
        return duplicates.get();
    }

    /** Records the assigned partitions were behind after the latest poll ({@link ConsumerLag}). */
    public long lag() {
        return lag.get();
    }

    /** Whether the consumer runs and its latest poll returned within {@code window}: the readiness of the service. */
    public boolean polledWithin(Duration window) {
        return isRunning() && lastPollNanos != 0 && System.nanoTime() - lastPollNanos <= window.toNanos();
    }

    /**
     * True once a poll found nothing more and every assigned partition's position is at its end (for
     * {@code read_committed}, the last stable offset): everything committed to the topic before that poll is stored.
     */
    public boolean caughtUp() {
        return caughtUp && isRunning();
    }

    private static boolean atEnd(KafkaConsumer<String, byte[]> c) {
        var assigned = c.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> ends = c.endOffsets(assigned, Duration.ofSeconds(5));
        for (TopicPartition tp : assigned) {
            if (c.position(tp, Duration.ofSeconds(5)) < ends.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "judgment-consumer-" + settings.groupId());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long backoffMs = 200;
        try {
            while (running) {
                try (KafkaConsumer<String, byte[]> c = newConsumer(); KafkaProducer<String, byte[]> dlt = newDeadLetterProducer()) {
                    consumer = c;
                    deadLetters = dlt;
                    c.subscribe(List.of(Topics.JUDGMENTS), new SeekToStored(c));
                    while (running) {
                        ConsumerRecords<String, byte[]> records;
                        try {
                            records = c.poll(settings.pollTimeout());
                        } catch (WakeupException e) {
                            break;
                        }
                        lastPollNanos = System.nanoTime();
                        lag.set(ConsumerLag.of(c));
                        if (!records.isEmpty()) {
                            caughtUp = false;
                            handle(records);
                        } else {
                            caughtUp = atEnd(c);
                        }
                        backoffMs = 200;
                    }
                } catch (RuntimeException e) {
                    // Nothing is lost: the buffer holds votes and offsets together; a new consumer resumes from them.
                    log.error("judgment consumer failed, restarting in {} ms: {}", backoffMs, e.toString(), e);
                    consumer = null;
                    sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, 10_000);
                }
            }
        } catch (SimulatedCrash crash) {
            log.warn(crash.getMessage());
        } finally {
            running = false;
            consumer = null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        List<PairBuffer.Consumed> judgments = new ArrayList<>();
        List<PairBuffer.ConsumedResolution> resolutions = new ArrayList<>();
        List<PairBuffer.ConsumedDatasetChange> datasetChanges = new ArrayList<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            next.put(tp, r.offset() + 1);
            try {
                GroundworkEvent event = EventCodec.decode(r.value());
                if (event instanceof JudgmentRecorded j) {
                    judgments.add(new PairBuffer.Consumed(j, tp, r.offset()));
                } else if (event instanceof DisagreementResolved d) {
                    resolutions.add(new PairBuffer.ConsumedResolution(d, tp, r.offset()));
                } else if (event instanceof DatasetEvent d) {
                    datasetChanges.add(new PairBuffer.ConsumedDatasetChange(d, tp, r.offset()));
                } else {
                    deadLetter(r, "unexpected event type " + event.type() + " on " + Topics.JUDGMENTS);
                }
            } catch (EventCodec.InvalidEventException e) {
                deadLetter(r, e.getMessage());
            } catch (RuntimeException e) {
                deadLetter(r, "cannot process record: " + e);
            }
        }
        deadLetters.flush();
        faults.beforeStore(records.count());
        PairBuffer.Applied applied = buffer.apply(judgments, resolutions, datasetChanges, next);
        consumed.addAndGet(applied.stored());
        duplicates.addAndGet(applied.duplicates());
        listener.stored(judgments);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
        log.warn("dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.DEAD_LETTER, r.key(), r.value());
        out.headers().add(Topics.HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        out.headers().add(Topics.HEADER_SOURCE, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        deadLetters.send(out);
        deadLettered.incrementAndGet();
        Metrics.counter(Meters.DEAD_LETTERS, "producer", "trainer.consumer", "reason", Meters.reasonTag(reason)).increment();
    }

    private final class SeekToStored implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        SeekToStored(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                var stored = buffer.nextOffset(tp);
                if (stored.isPresent()) {
                    c.seek(tp, stored.get());
                } else {
                    c.seekToBeginning(List.of(tp));
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets live in the pair buffer, written with the votes; nothing to commit here
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> p = kafka.base();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        p.putAll(settings.consumerOverrides());
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> newDeadLetterProducer() {
        Map<String, Object> p = kafka.base();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Stops polling and leaves the group; the buffer holds everything consumed so far. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
