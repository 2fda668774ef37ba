package dev.groundwork.annotation.ops;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** The lag of a Kafka consumer, read on its own polling thread (a consumer is not thread-safe). */
public final class ConsumerLag {

    private ConsumerLag() {}

    /**
     * Records behind, summed over the assigned partitions: the end offset (for {@code read_committed}, the last stable
     * offset) minus the position, as of the last fetch ({@link Consumer#currentLag}: no request to the broker).
     * Partitions whose lag is not known yet count 0.
     */
    public static long of(Consumer<?, ?> consumer) {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        return lag;
    }
}
