package dev.groundwork.web.training;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainingEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads {@code groundwork.training-events.v1} (consumer group {@code groundwork-web}, {@code read_committed}) into
 * the database through {@link TrainingEventStore}, committing offsets only after a poll's events are stored. A
 * crash between the two redelivers events that the store then skips by event id, so each counts once. Runs when
 * {@code groundwork.kafka.bootstrap-servers} ({@code GW_KAFKA_BOOTSTRAP}) is set; records that are not training
 * events are logged and skipped (the trainer service dead-letters what it cannot use).
 */
@Component
public class TrainingEventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrainingEventsConsumer.class);

    private final TrainingEventStore store;
    private final String bootstrap;
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public TrainingEventsConsumer(TrainingEventStore store, @Value("${groundwork.kafka.bootstrap-servers:}") String bootstrap) {
        this.store = store;
        this.bootstrap = bootstrap;
    }

    /** Training events stored so far (duplicates not counted). */
    public long applied() {
        return applied.get();
    }

    @Override
    public synchronized void start() {
        if (running || bootstrap.isBlank()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "training-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        KafkaConnection kafka = KafkaConnection.fromEnvironment().filter(k -> k.bootstrapServers().equals(bootstrap))
                .orElseGet(() -> KafkaConnection.local(bootstrap));
        long backoff = 500;
        while (running) {
            Map<String, Object> p = kafka.base();
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "groundwork-web");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                c.subscribe(List.of(Topics.TRAINING_EVENTS));
                while (running) {
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<String, byte[]> r : records) {
                        handle(r);
                    }
                    if (!records.isEmpty()) {
                        c.commitSync();
                    }
                    backoff = 500;
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                log.warn("training events consumer failed, retrying in {} ms: {}", backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(10_000, backoff * 2);
            } finally {
                consumer = null;
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        GroundworkEvent event;
        try {
            event = EventCodec.decode(r.value());
        } catch (EventCodec.InvalidEventException e) {
            log.warn("skipping {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (event instanceof TrainingEvent t) {
            if (store.apply(t)) {
                applied.incrementAndGet();
            }
        } else {
            log.warn("skipping {}-{}@{}: {} is not a training event", r.topic(), r.partition(), r.offset(), event.type());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
