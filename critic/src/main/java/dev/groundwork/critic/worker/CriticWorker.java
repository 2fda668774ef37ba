package dev.groundwork.critic.worker;

import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.judgment.JudgmentRejectedException;
import dev.groundwork.annotation.ops.ConsumerLag;
import dev.groundwork.annotation.ops.Meters;
import dev.groundwork.critic.judge.CriticException;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * One critic worker: a consumer of {@link Topics#CRITIC_REQUESTS} in the group {@value #GROUP}, so that workers share
 * the partitions. Each poll's requests are judged concurrently on a bounded pool ({@link Settings#concurrency()}
 * threads: the slow part is the critic's HTTP call), and the poll's offsets are committed only after every one of its
 * requests has an outcome in the database: judged (the judgment recorded through the annotation path), dead-lettered
 * (sent to {@link Topics#DEAD_LETTER} with its reason, then recorded) or skipped (its job was cancelled).
 *
 * <p>Why a bounded pool over the plain consumer and not a per-key parallel consumer: requests are independent (one
 * per comparison; nothing needs ordering), and the outcome row plus the judgment's idempotency key make a redelivered
 * request harmless, so committing after the whole poll is enough and needs no extra library. A worker that dies
 * mid-poll leaves its offsets uncommitted; the group hands the partitions to another worker, which finds the
 * requests already decided and moves on. When the database fails the worker drops its consumer without committing,
 * waits, and joins again, so no request is lost or left behind.
 */
public final class CriticWorker implements AutoCloseable {

    /** The consumer group of every critic worker. */
    public static final String GROUP = "groundwork-critic";
    /** {@link Topics#HEADER_SOURCE} prefix of this worker's dead letters. */
    public static final String SOURCE_PREFIX = "critic.worker/comparison/";

    private static final Logger log = LoggerFactory.getLogger(CriticWorker.class);

    /**
     * @param workerId recorded with each outcome
     * @param concurrency requests judged at once
     * @param maxPollInterval how long one poll's judging may take before the group gives its partitions away
     */
    public record Settings(String workerId, int concurrency, Duration pollTimeout, Duration maxPollInterval,
            Duration failureBackoff) {
        public Settings {
            Objects.requireNonNull(workerId, "workerId");
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
            }
        }

        public static Settings defaults(String workerId) {
            return new Settings(workerId, 8, Duration.ofMillis(500), Duration.ofMinutes(10), Duration.ofSeconds(2));
        }
    }

    private final KafkaConnection kafka;
    private final CriticJobs jobs;
    private final RequestJudge judge;
    private final Settings settings;
    private final ExecutorService pool;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private volatile long lastPollNanos;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public CriticWorker(KafkaConnection kafka, CriticJobs jobs, RequestJudge judge, Settings settings) {
        this.kafka = kafka;
        this.jobs = jobs;
        this.judge = judge;
        this.settings = settings;
        this.pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "critic-" + settings.workerId());
            t.setDaemon(true);
            return t;
        });
        Map<String, Object> p = kafka.base();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.deadLetters = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts consuming on a thread of its own. */
    public synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        log.info("critic worker {} joins group {} on {} ({} requests at once)", settings.workerId(), GROUP,
                kafka.bootstrapServers(), settings.concurrency());
        thread = new Thread(this::run, "critic-worker-" + settings.workerId());
        thread.start();
    }

    public String workerId() {
        return settings.workerId();
    }

    /** Records this worker's partitions were behind after its latest poll ({@link ConsumerLag}). */
    public long lag() {
        return lag.get();
    }

    /**
     * Whether the worker runs and its latest poll returned within {@code window}; a poll's judging may take up to
     * {@link Settings#maxPollInterval()}, so that is the window to give.
     */
    public boolean polledWithin(Duration window) {
        return running.get() && thread != null && thread.isAlive() && lastPollNanos != 0
                && System.nanoTime() - lastPollNanos <= window.toNanos();
    }

    /** Requests this worker has decided (judged, dead-lettered or skipped), repeats included. */
    public long handled() {
        return handled.get();
    }

    private void run() {
        while (running.get()) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                c.subscribe(List.of(Topics.CRITIC_REQUESTS));
                while (running.get()) {
                    ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
                    lastPollNanos = System.nanoTime();
                    lag.set(ConsumerLag.of(c));
                    if (!records.isEmpty()) {
                        decideAll(records);
                        c.commitSync(nextOffsets(records));
                    }
                }
            } catch (WakeupException e) {
                // stop() woke the poll
            } catch (RuntimeException e) {
                if (running.get()) {
                    log.error("critic worker {}: {}; rejoining in {} without committing", settings.workerId(), e.toString(),
                            settings.failureBackoff());
                    sleep(settings.failureBackoff());
                }
            } finally {
                consumer = null;
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> p = kafka.base();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "critic-" + settings.workerId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4 * settings.concurrency());
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) settings.maxPollInterval().toMillis());
        // Idle connections outlive the longest poll, so that a slow poll does not lose the coordinator's connection.
        p.put(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, (int) settings.maxPollInterval().plusMinutes(1).toMillis());
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every request of the poll gets its outcome; the first infrastructure failure is rethrown after all finish. */
    private void decideAll(ConsumerRecords<String, byte[]> records) {
        List<Future<?>> futures = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            futures.add(pool.submit(() -> decide(record)));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure != null ? failure : new IllegalStateException("recording an outcome failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while judging", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void decide(ConsumerRecord<String, byte[]> record) {
        CriticRequested request;
        try {
            GroundworkEvent event = EventCodec.decode(record.value());
            if (!(event instanceof CriticRequested r)) {
                throw new EventCodec.InvalidEventException("a " + event.type() + " event on " + Topics.CRITIC_REQUESTS);
            }
            request = r;
        } catch (EventCodec.InvalidEventException e) {
            deadLetter(record, "INVALID: " + e.getMessage());
            handled.incrementAndGet();
            return;
        }
        Optional<CriticJobs.Job> job = jobs.job(request.jobId());
        if (job.isEmpty()) {
            deadLetter(record, "UNKNOWN_JOB: no critic job " + request.jobId() + " in this workbench's database");
            handled.incrementAndGet();
            return;
        }
        if (job.get().status() == CriticJobs.Status.CANCELLED) {
            jobs.recordSkipped(request.jobId(), request.comparisonId(), settings.workerId());
            handled.incrementAndGet();
            return;
        }
        Timer.Sample sample = Timer.start();
        try {
            RequestJudge.Judged judged = judge.judge(request);
            sample.stop(latency(request.critic(), "judged"));
            jobs.recordJudged(request.jobId(), request.comparisonId(), judged.judgment(), judged.consistent(),
                    judged.promptTokens(), judged.completionTokens(), settings.workerId());
        } catch (CriticException e) {
            sample.stop(latency(request.critic(), "failed"));
            Metrics.counter(Meters.CRITIC_ERRORS, "critic", request.critic(), "reason", e.reason().name()).increment();
            String reason = e.reason() + ": " + e.getMessage();
            deadLetter(record, reason);
            jobs.recordDeadLettered(request.jobId(), request.comparisonId(), reason, settings.workerId());
        } catch (JudgmentRejectedException e) {
            Metrics.counter(Meters.CRITIC_ERRORS, "critic", request.critic(), "reason", "REJECTED_BY_WORKBENCH").increment();
            String reason = "REJECTED_BY_WORKBENCH: " + e.getMessage();
            deadLetter(record, reason);
            jobs.recordDeadLettered(request.jobId(), request.comparisonId(), reason, settings.workerId());
        }
        handled.incrementAndGet();
    }

    private static Timer latency(String critic, String outcome) {
        return Timer.builder(Meters.CRITIC_LATENCY).tags("critic", critic, "outcome", outcome)
                .description("time to judge one critic request").publishPercentileHistogram()
                .register(Metrics.globalRegistry);
    }

    /** Sends the request to the dead-letter topic and waits for the broker's acknowledgement. */
    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        log.warn("critic worker {}: dead-lettering {}-{}@{}: {}", settings.workerId(), record.topic(), record.partition(),
                record.offset(), reason);
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.DEAD_LETTER, record.key(), record.value());
        out.headers().add(Topics.HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        out.headers().add(Topics.HEADER_SOURCE, (SOURCE_PREFIX + record.key()).getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters.send(out).get(60, TimeUnit.SECONDS);
            Metrics.counter(Meters.DEAD_LETTERS, "producer", "critic.worker", "reason", Meters.reasonTag(reason)).increment();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter " + record.key() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops consuming (a poll in progress finishes its judging first) and closes the pool and producer. */
    public void stop() {
        running.set(false);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofMinutes(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        pool.shutdownNow();
        deadLetters.close(Duration.ofSeconds(10));
    }
}
