package dev.groundwork.web.events;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.ops.ConsumerLag;
import dev.groundwork.annotation.ops.Meters;
import io.micrometer.core.instrument.Tags;
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
import org.springframework.context.SmartLifecycle;

/**
 * A consumer of one topic in a consumer group of the web application ({@code read_committed}, from the earliest record
 * the group has not committed), started and stopped with the application: it hands each event to {@link #handle}
 * (each record to {@link #handleRecord}, where a subclass overrides that) and commits a poll's offsets only after all
 * of its records were handled. A crash in between redelivers them, so {@code handle} must skip what it applied
 * already (by event id or by state). Records that are not Groundwork events are logged and skipped; on a failure it
 * backs off and reconnects. It runs only when a broker is named.
 */
public abstract class TopicConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicConsumer.class);

    private final String topic;
    private final String group;
    private final String bootstrap;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private final AtomicLong lag = new AtomicLong();
    private final Meters meters = new Meters();

    protected TopicConsumer(String topic, String group, String bootstrap) {
        this.topic = topic;
        this.group = group;
        this.bootstrap = bootstrap;
    }

    /**
     * Applies one event.
     *
     * @return whether it changed anything (false for a repeat or an event this consumer does not use)
     */
    protected abstract boolean handle(GroundworkEvent event);

    /** Starts consuming unless no broker is named. */
    @Override
    public synchronized void start() {
        if (running || bootstrap.isBlank()) {
            return;
        }
        running = true;
        meters.gauge(Meters.CONSUMER_LAG, Tags.of("group", group, "topic", topic), "records this consumer is behind",
                lag::get);
        thread = new Thread(this::loop, group + "-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        KafkaConnection kafka = KafkaConnection.fromEnvironment().filter(k -> k.bootstrapServers().equals(bootstrap))
                .orElseGet(() -> KafkaConnection.local(bootstrap));
        long backoff = 500;
        while (running) {
            Map<String, Object> p = kafka.base();
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                c.subscribe(List.of(topic));
                while (running) {
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                    lag.set(ConsumerLag.of(c));
                    for (ConsumerRecord<String, byte[]> r : records) {
                        handleRecord(r);
                    }
                    if (!records.isEmpty()) {
                        c.commitSync();
                    }
                    backoff = 500;
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                log.warn("{} consumer of {} failed, retrying in {} ms: {}", group, topic, backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(10_000, backoff * 2);
            } finally {
                consumer = null;
            }
        }
    }

    /**
     * Applies one record as it came from the broker. By default it decodes the record and hands the event to
     * {@link #handle(GroundworkEvent)}, logging and skipping a record that is no Groundwork event; a consumer that needs
     * the record itself (headers, partition, offset, bytes that may not decode) overrides this instead. Whatever it
     * throws ends the poll without committing it, so the record comes again.
     */
    protected void handleRecord(ConsumerRecord<String, byte[]> r) {
        GroundworkEvent event;
        try {
            event = EventCodec.decode(r.value());
        } catch (EventCodec.InvalidEventException e) {
            log.warn("skipping {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        handle(event);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the current poll. */
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
        meters.close();
    }
}
