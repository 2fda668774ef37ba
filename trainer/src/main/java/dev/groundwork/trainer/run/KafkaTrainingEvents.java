package dev.groundwork.trainer.run;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainingEvent;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes training events to {@link Topics#TRAINING_EVENTS}, keyed by run id (so a run's events stay in order),
 * with an idempotent producer and {@code acks=all}. Consumers dedup by event id, and the reporter's event ids are
 * deterministic, so a step redone after a crash publishes the same ids again.
 */
public final class KafkaTrainingEvents implements TrainingEventSink {

    private final KafkaProducer<String, byte[]> producer;

    public KafkaTrainingEvents(KafkaConnection kafka) {
        Map<String, Object> p = kafka.base();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(TrainingEvent event) {
        producer.send(new ProducerRecord<>(Topics.TRAINING_EVENTS, event.runId(), EventCodec.encode(event)));
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
