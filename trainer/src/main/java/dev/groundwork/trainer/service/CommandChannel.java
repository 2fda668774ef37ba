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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer service's end of {@link Topics#COMMANDS}: it reads the requests it serves, {@link TrainRoundRequested} and
 * {@link EvaluateRequested} (consumer group {@code <group>-commands}; a request sent while the service was down is
 * read when it starts), into a queue that the round loop takes from, and publishes each answer
 * ({@link TrainRoundAnswered}, {@link EvaluateAnswered}). Other records on the topic are ignored.
 */
public final class CommandChannel implements AutoCloseable {

    /** The key of the trainer's commands and answers on the topic. */
    public static final String KEY = "trainer";

    private static final Logger log = LoggerFactory.getLogger(CommandChannel.class);

    private final KafkaConnection kafka;
    private final String group;
    private final LinkedBlockingQueue<ServiceCommandEvent> requests = new LinkedBlockingQueue<>();
    private final KafkaProducer<String, byte[]> answers;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;

    public CommandChannel(KafkaConnection kafka, String group) {
        this.kafka = kafka;
        this.group = group + "-commands";
        Map<String, Object> p = kafka.base();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        this.answers = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::loop, "trainer-commands");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next request, if one came. */
    public Optional<ServiceCommandEvent> next() {
        return Optional.ofNullable(requests.poll());
    }

    /** Publishes an answer ({@link TrainRoundAnswered} or {@link EvaluateAnswered}). */
    public void answer(ServiceCommandEvent answer) {
        answers.send(new ProducerRecord<>(Topics.COMMANDS, KEY, EventCodec.encode(answer)));
        answers.flush();
    }

    private void loop() {
        Map<String, Object> p = kafka.base();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
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
                            if (event instanceof TrainRoundRequested || event instanceof EvaluateRequested) {
                                requests.add((ServiceCommandEvent) event);
                            }
                        } catch (EventCodec.InvalidEventException e) {
                            log.warn("skipping {}-{}@{} on the commands topic: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                        }
                    }
                    if (!records.isEmpty()) {
                        c.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // stopping
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
