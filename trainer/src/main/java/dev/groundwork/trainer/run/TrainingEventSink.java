package dev.groundwork.trainer.run;

import dev.groundwork.annotation.event.TrainingEvent;

/** Where a run's {@link TrainingEvent}s go: Kafka's training-events topic, or nowhere. */
public interface TrainingEventSink extends AutoCloseable {

    /** Drops every event (no Kafka configured). */
    TrainingEventSink NONE = event -> {};

    void publish(TrainingEvent event);

    /** Waits until every published event is acknowledged. */
    default void flush() {}

    @Override
    default void close() {}
}
