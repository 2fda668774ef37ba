package dev.groundwork.trainer.service;

import dev.groundwork.annotation.event.EvaluateAnswered;
import dev.groundwork.annotation.event.EvaluateRequested;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.ServiceCommandEvent;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainRoundAnswered;
import dev.groundwork.annotation.event.TrainRoundRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * A service's end of {@link Topics#COMMANDS}: it reads the requests it serves (the trainer's {@link TrainRoundRequested}
 * and {@link EvaluateRequested}; the critic service's {@code OnPolicyRoundRequested}; consumer group
 * {@code <group>-commands}; a request sent while the service was down is read when it starts), into a queue that the
 * service's loop takes from, and publishes each answer ({@link TrainRoundAnswered}, {@link EvaluateAnswered}, …) under
 * the service's key. Other records on the topic are ignored. A request's offset
 * is committed only after its answer is published, so a service that stops (or is killed) while it trains or
 * evaluates reads the request again when it starts and answers it then; answers carry ids derived from the request,
 * so the asker applies a repeated answer once. Where a group that never committed starts is the service's choice
 * ({@link Start}): the trainer's at the topic's end, the critic service's at its beginning. A request older than
 * {@link #STALE_AFTER} when it is read (one left from long ago, or read again after the group's offsets expired) is
 * skipped, not run.
 */
public final class CommandChannel implements AutoCloseable {

    /** The key of the trainer's commands and answers on the topic. */
    public static final String KEY = "trainer";

    /** Where a group that never committed starts reading. */
    public enum Start {
        /** Only requests sent after the first start: one sent before it is never answered. */
        LATEST,
        /**
         * Every request still on the topic and not older than {@link #STALE_AFTER}, so that one sent just before the
         * service's very first start (a job fired as it came up) is answered too.
         */
        EARLIEST
    }

    /** How old a request may be when it is read and still be run; older ones are skipped. */
    public static final Duration STALE_AFTER = Duration.ofHours(6);

    private static final Logger log = LoggerFactory.getLogger(CommandChannel.class);

    private final KafkaConnection kafka;
    private final String group;
    private final String key;
    private final Set<Class<? extends ServiceCommandEvent>> serves;
    private final Start start;
    private final LinkedBlockingQueue<Pending> requests = new LinkedBlockingQueue<>();
    /** Requests handed out and not answered yet, by request id. */
    private final Map<String, Pending> inHand = new ConcurrentHashMap<>();
    /** The offsets to commit: after the last answered request of each partition. */
    private final Map<TopicPartition, OffsetAndMetadata> answered = new ConcurrentHashMap<>();
    /** Request ids answered lately: a request read again (after a consumer restart) is not done twice. */
    private final Set<String> done = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });

    private record Pending(TopicPartition partition, long offset, ServiceCommandEvent request) {}
    private final KafkaProducer<String, byte[]> answers;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;

    /** The trainer service's channel: it serves {@link TrainRoundRequested} and {@link EvaluateRequested}. */
    public CommandChannel(KafkaConnection kafka, String group) {
        this(kafka, group, KEY, Set.of(TrainRoundRequested.class, EvaluateRequested.class), Start.LATEST);
    }

    /**
     * @param key the service's key, that its answers are published under
     * @param serves the request types it reads; every other record on the topic is skipped
     * @param start where the group starts when it never committed
     */
    public CommandChannel(KafkaConnection kafka, String group, String key, Set<Class<? extends ServiceCommandEvent>> serves,
            Start start) {
        this.start = start;
        this.kafka = kafka;
        this.group = group + "-commands";
        this.key = key;
        this.serves = Set.copyOf(serves);
        Map<String, Object> p = kafka.base();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        this.answers = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::loop, key + "-commands");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next request, if one came. */
    public Optional<ServiceCommandEvent> next() {
        for (Pending p = requests.poll(); p != null; p = requests.poll()) {
            synchronized (done) {
                if (done.contains(p.request().requestId())) {
                    settle(p);
                    continue;
                }
            }
            inHand.put(p.request().requestId(), p);
            return Optional.of(p.request());
        }
        return Optional.empty();
    }

    /** Publishes an answer ({@link TrainRoundAnswered}, {@link EvaluateAnswered}, …) under the service's key. */
    public void answer(ServiceCommandEvent answer) {
        answers.send(new ProducerRecord<>(Topics.COMMANDS, key, EventCodec.encode(answer)));
        answers.flush();
        Pending p = inHand.remove(answer.requestId());
        if (p != null) {
            synchronized (done) {
                done.add(answer.requestId());
            }
            settle(p);
        }
    }

    /** Marks a request's record as handled: the consumer commits past it on its next poll. */
    private void settle(Pending p) {
        answered.merge(p.partition(), new OffsetAndMetadata(p.offset() + 1),
                (a, b) -> a.offset() >= b.offset() ? a : b);
    }

    private void commitOnClose(Map<String, Object> settings) {
        if (answered.isEmpty()) {
            return;
        }
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            commitAnswered(c);
        } catch (RuntimeException e) {
            log.warn("could not commit the last answered commands ({}); they are read and answered again at the next start",
                    e.toString());
        }
    }

    /** Commits what was answered since the last commit. */
    private void commitAnswered(KafkaConsumer<String, byte[]> c) {
        if (answered.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> now = new HashMap<>(answered);
        c.commitSync(now);
        now.forEach((tp, o) -> answered.remove(tp, o));
    }

    private void loop() {
        Map<String, Object> p = kafka.base();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, start == Start.EARLIEST ? "earliest" : "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                c.subscribe(List.of(Topics.COMMANDS));
                while (running) {
                    var records = c.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<String, byte[]> r : records) {
                        try {
                            GroundworkEvent event = EventCodec.decode(r.value());
                            if (serves.contains(event.getClass())
                                    && event.occurredAt().isBefore(Instant.now().minus(STALE_AFTER))) {
                                log.warn("skipping {} {} from {}: older than {}", event.type(),
                                        ((ServiceCommandEvent) event).requestId(), event.occurredAt(), STALE_AFTER);
                                continue;
                            }
                            if (serves.contains(event.getClass())) {
                                requests.add(new Pending(new TopicPartition(r.topic(), r.partition()), r.offset(),
                                        (ServiceCommandEvent) event));
                                continue;
                            }
                        } catch (EventCodec.InvalidEventException e) {
                            log.warn("skipping {}-{}@{} on the commands topic: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                        }
                    }
                    commitAnswered(c);
                }
            } catch (WakeupException e) {
                // Stopping. What was answered just before is committed by a consumer of its own, as this one is closed.
                commitOnClose(p);
            } catch (RuntimeException e) {
                log.warn("command consumer failed, retrying: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                consumer = null;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answers.close();
    }
}
