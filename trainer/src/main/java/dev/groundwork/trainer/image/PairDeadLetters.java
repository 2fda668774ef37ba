package dev.groundwork.trainer.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.ops.Meters;
import dev.groundwork.trainer.image.ImageResolution.Refused;
import dev.groundwork.trainer.stream.PairBuffer;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends preference pairs that cannot be trained (their image is missing or does not match its SHA-256) to
 * {@link Topics#DEAD_LETTER}: key = comparison id, header {@link Topics#HEADER_REASON} = the refusal's reason,
 * header {@link Topics#HEADER_SOURCE} = {@code trainer.pair-buffer/comparison/<id>}, value = a small JSON of the
 * pair ({@code comparisonId}, {@code image.sha256}, {@code image.uri}, {@code dataset}, {@code itemId},
 * {@code problem}). Sending is asynchronous and never throws: a pair that cannot even be dead-lettered is logged and
 * counted, and training goes on without it. Send only {@link Refused#permanent() permanent} refusals: an unreachable
 * workbench is no fault of the pair. Thread-safe.
 */
public final class PairDeadLetters implements AutoCloseable {

    /** Prefix of the {@link Topics#HEADER_SOURCE} header of these records. */
    public static final String SOURCE_PREFIX = "trainer.pair-buffer/comparison/";

    private static final Logger log = LoggerFactory.getLogger(PairDeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public PairDeadLetters(KafkaConnection kafka) {
        Map<String, Object> p = Objects.requireNonNull(kafka, "kafka").base();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Bounded waits, so that a broker outage costs a dead letter, never the training run; a connection may tune them.
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Dead-letters {@code pair} because of {@code refusal}; returns at once. */
    public void send(PairBuffer.Pair pair, Refused refusal) {
        String source = SOURCE_PREFIX + pair.comparisonId();
        log.warn("dead-lettering comparison {}: {}", pair.comparisonId(), refusal.reason());
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTER,
                    Long.toString(pair.comparisonId()), json(pair, refusal));
            record.headers().add(Topics.HEADER_REASON, refusal.reason().getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.HEADER_SOURCE, source.getBytes(StandardCharsets.UTF_8));
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                    Metrics.counter(Meters.DEAD_LETTERS, "producer", "trainer.pair-buffer", "reason",
                            refusal.problem().name()).increment();
                } else {
                    failed.incrementAndGet();
                    log.error("cannot dead-letter comparison {} ({}): {}", pair.comparisonId(), refusal.reason(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.error("cannot dead-letter comparison {} ({}): {}", pair.comparisonId(), refusal.reason(), e.toString());
        }
    }

    static byte[] json(PairBuffer.Pair pair, Refused refusal) {
        ObjectNode n = JSON.createObjectNode();
        n.put("comparisonId", pair.comparisonId());
        ObjectNode image = n.putObject("image");
        image.put("sha256", pair.imageSha256());
        image.put("uri", pair.imageUri());
        n.put("dataset", pair.dataset());
        n.put("itemId", pair.itemId());
        n.put("problem", refusal.problem().name());
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /** Waits until every record sent so far is acknowledged or has failed. */
    public void flush() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            log.error("flushing dead letters failed: {}", e.toString());
        }
    }

    /** Records the broker acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** Records that could not be sent (logged). */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.error("closing the dead-letter producer failed: {}", e.toString());
        }
    }
}
