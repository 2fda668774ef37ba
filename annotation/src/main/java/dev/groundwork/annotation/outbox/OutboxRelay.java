package dev.groundwork.annotation.outbox;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka: claim a batch (row locks, {@code SKIP LOCKED}), send it in one
 * Kafka transaction with an idempotent transactional producer, and mark the rows published only
 * after the commit. While the broker is down it backs off exponentially and retries; after every
 * producer (re)start it repairs hanging transactions of its own ({@link HangingTransactions}).
 *
 * <p>Guarantees: every row is published at least once, in a committed transaction. A row is
 * published twice only if the relay dies (or the commit's outcome is unknown) between the Kafka
 * commit and the database update; consumers deduplicate by event id. Two relays with different
 * instance ids never claim the same row at the same time. The transactional id is
 * {@code groundwork-relay-<instanceId>}: a restarted relay with the same id fences its old
 * incarnation and aborts its open transaction.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /**
     * @param lease how long a claim holds before another relay may take the rows
     * @param idleWait pause when there is nothing to publish
     */
    public record Settings(String instanceId, int batchSize, Duration lease, Duration idleWait, Duration maxBackoff,
            Map<String, Object> producerOverrides) {
        public Settings {
            if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new IllegalArgumentException("relay instance id must be 1-100 letters, digits, '.', '_' or '-', was " + instanceId);
            }
            if (batchSize < 1 || batchSize > 5000) {
                throw new IllegalArgumentException("batch size must be 1..5000, was " + batchSize);
            }
            producerOverrides = Map.copyOf(producerOverrides);
        }

        public static Settings defaults(String instanceId) {
            return new Settings(instanceId, 2000, Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofSeconds(5), Map.of());
        }
    }

    /** Points where tests make the relay die, to prove that nothing is lost or double-counted. */
    public interface Faults {
        Faults NONE = new Faults() {};

        /** After {@code sent} records of a batch went to the producer, before the commit. */
        default void afterSend(int sent) {}

        /** After the Kafka commit, before the rows are marked published. */
        default void afterCommit(int rows) {}
    }

    /** Thrown by {@link Faults} to stop the relay thread as a crash would: no cleanup at all. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash(String where) {
            super("simulated relay crash " + where);
        }
    }

    private final OutboxStore store;
    private final KafkaConnection kafka;
    private final Settings settings;
    private final Clock clock;
    private final Faults faults;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(DataSource dataSource, KafkaConnection kafka, Settings settings, Clock clock, Faults faults) {
        this.store = new OutboxStore(dataSource);
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    public String transactionalId() {
        return "groundwork-relay-" + settings.instanceId();
    }

    public Settings settings() {
        return settings;
    }

    public long published() {
        return published.get();
    }

    public long failures() {
        return failures.get();
    }

    public long unpublished() {
        return store.unpublished();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay-" + settings.instanceId());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the current batch and closes the producer. */
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer(Duration.ofSeconds(5));
    }

    /** Whether the relay thread is alive. */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                int n = relayOnce();
                backoff = Duration.ofMillis(100);
                if (n == 0) {
                    sleep(settings.idleWait());
                }
            } catch (SimulatedCrash crash) {
                log.warn("{}: {}", settings.instanceId(), crash.getMessage());
                running = false;
                return;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.warn("relay {} failed, retrying in {} ms: {}", settings.instanceId(), backoff.toMillis(), e.toString());
                closeProducer(Duration.ZERO);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * One claim → publish → mark cycle.
     *
     * @return rows published
     */
    public int relayOnce() {
        var now = clock.instant();
        List<OutboxStore.Row> rows = store.claim(settings.instanceId(), settings.batchSize(), now, now.minus(settings.lease()));
        if (rows.isEmpty()) {
            return 0;
        }
        KafkaProducer<String, byte[]> p;
        try {
            p = producer();
        } catch (RuntimeException e) {
            store.release(settings.instanceId(), rows);
            throw e;
        }
        byte[] txnTag = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        try {
            p.beginTransaction();
            int sent = 0;
            for (OutboxStore.Row r : rows) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.payload().getBytes(StandardCharsets.UTF_8));
                record.headers().add("eventId", r.eventId().getBytes(StandardCharsets.UTF_8));
                record.headers().add("type", r.eventType().getBytes(StandardCharsets.UTF_8));
                record.headers().add(HangingTransactions.TXN_HEADER, txnTag);
                p.send(record);
                faults.afterSend(++sent);
            }
            p.commitTransaction();
        } catch (SimulatedCrash crash) {
            throw crash;
        } catch (RuntimeException e) {
            abortQuietly(p, e);
            store.release(settings.instanceId(), rows);
            throw e;
        }
        faults.afterCommit(rows.size());
        store.markPublished(settings.instanceId(), rows, clock.instant());
        published.addAndGet(rows.size());
        return rows.size();
    }

    /**
     * The settings of a relay's producer, less its transactional id: idempotent, {@code acks=all}, the
     * linger and batch size in bytes, timeouts, then {@link Settings#producerOverrides()}. A relay
     * sends {@link Settings#batchSize()} records per transaction. The raw-producer baseline of
     * {@code gw bench ingest} uses these same settings.
     */
    public static Map<String, Object> producerSettings(Settings settings) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        props.putAll(settings.producerOverrides());
        return props;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer != null) {
            return producer;
        }
        Map<String, Object> props = kafka.base();
        props.putAll(producerSettings(settings));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        try {
            p.initTransactions();
            try (Admin admin = kafka.admin()) {
                int repaired = HangingTransactions.repair(admin, transactionalId(), List.of(Topics.JUDGMENTS), kafka.base(), p,
                        UUID.randomUUID().toString());
                if (repaired > 0) {
                    log.warn("relay {} repaired {} hanging transaction(s)", settings.instanceId(), repaired);
                }
            }
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
        producer = p;
        return p;
    }

    private void abortQuietly(KafkaProducer<String, byte[]> p, RuntimeException cause) {
        boolean fatal = cause instanceof ProducerFencedException || cause instanceof OutOfOrderSequenceException
                || cause instanceof AuthorizationException;
        if (!fatal) {
            try {
                p.abortTransaction();
            } catch (KafkaException | IllegalStateException ignored) {
                // the producer is closed and recreated by the loop
            }
        }
    }

    private synchronized void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException ignored) {
                // closing a broken producer may fail; it is discarded either way
            }
            producer = null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
