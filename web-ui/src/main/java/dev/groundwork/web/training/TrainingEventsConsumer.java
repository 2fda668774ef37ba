package dev.groundwork.web.training;

import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainingEvent;
import dev.groundwork.web.events.TopicConsumer;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads {@code groundwork.training-events.v1} (consumer group {@code groundwork-web}, {@code read_committed}) into
 * the database through {@link TrainingEventStore}, committing offsets only after a poll's events are stored. A
 * crash between the two redelivers events that the store then skips by event id, so each counts once. Runs when
 * {@code groundwork.kafka.bootstrap-servers} ({@code GW_KAFKA_BOOTSTRAP}) is set; records that are not training
 * events are logged and skipped (the trainer service dead-letters what it cannot use).
 */
@Component
public class TrainingEventsConsumer extends TopicConsumer {

    private static final Logger log = LoggerFactory.getLogger(TrainingEventsConsumer.class);

    private final TrainingEventStore store;
    private final AtomicLong applied = new AtomicLong();

    public TrainingEventsConsumer(TrainingEventStore store, @Value("${groundwork.kafka.bootstrap-servers:}") String bootstrap) {
        super(Topics.TRAINING_EVENTS, "groundwork-web", bootstrap);
        this.store = store;
    }

    /** Training events stored so far (duplicates not counted). */
    public long applied() {
        return applied.get();
    }

    @Override
    protected boolean handle(GroundworkEvent event) {
        if (!(event instanceof TrainingEvent t)) {
            log.warn("skipping a {} on {}: it is not a training event", event.type(), Topics.TRAINING_EVENTS);
            return false;
        }
        boolean stored = store.apply(t);
        if (stored) {
            applied.incrementAndGet();
        }
        return stored;
    }
}
