package dev.groundwork.web.deadletter;

import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.web.events.TopicConsumer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads {@code groundwork.dead-letter.v1} (consumer group {@value #GROUP}, {@code read_committed}) into the database
 * through {@link DeadLetters}, record by record: its value need not be a Groundwork event, so this consumer takes the
 * raw records (headers, partition, offset, bytes) and never decodes them. Offsets are committed after a poll's records
 * are stored; a redelivered record is skipped by its partition and offset. Runs when
 * {@code groundwork.kafka.bootstrap-servers} ({@code GW_KAFKA_BOOTSTRAP}) is set.
 */
@Component
public class DeadLetterConsumer extends TopicConsumer {

    /** The consumer group. */
    public static final String GROUP = "groundwork-web-dead-letters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterConsumer.class);

    private final DeadLetters letters;
    private final AtomicLong stored = new AtomicLong();

    public DeadLetterConsumer(DeadLetters letters, @Value("${groundwork.kafka.bootstrap-servers:}") String bootstrap) {
        super(Topics.DEAD_LETTER, GROUP, bootstrap);
        this.letters = letters;
    }

    /** Letters stored so far (redeliveries not counted). */
    public long stored() {
        return stored.get();
    }

    @Override
    protected void handleRecord(ConsumerRecord<String, byte[]> record) {
        if (letters.store(DeadLetters.Received.of(record))) {
            stored.incrementAndGet();
            log.info("dead letter {}-{}@{} stored", record.topic(), record.partition(), record.offset());
        }
    }

    /** Not used: {@link #handleRecord} takes every record before it would be decoded. */
    @Override
    protected boolean handle(GroundworkEvent event) {
        return false;
    }
}
