package dev.groundwork.trainer.cli;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainRoundAnswered;
import dev.groundwork.annotation.event.TrainRoundRequested;
import dev.groundwork.trainer.service.CommandChannel;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code gw train OBJECTIVE --from stream} while a trainer service owns the pair buffer: asks that service for a round
 * on {@link Topics#COMMANDS} and waits for its answer.
 */
final class RoundRequest {

    private RoundRequest() {}

    /** Sends the request, waits up to {@code timeout} for the answer, prints it; returns the exit code. */
    static int ask(KafkaConnection kafka, String objective, int minPairs, Duration timeout, PrintStream out) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> c = kafka.base();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> p = kafka.base();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaConsumer<String, byte[]> answers = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = answers.partitionsFor(Topics.COMMANDS).stream()
                    .map(i -> new TopicPartition(Topics.COMMANDS, i.partition())).toList();
            answers.assign(partitions);
            answers.seekToEnd(partitions);
            partitions.forEach(answers::position);
            producer.send(new ProducerRecord<>(Topics.COMMANDS, CommandChannel.KEY, EventCodec.encode(new TrainRoundRequested(
                    UUID.randomUUID().toString(), TrainRoundRequested.TYPE, TrainRoundRequested.SCHEMA_VERSION,
                    Clock.systemUTC().instant(), requestId, objective, minPairs, "cli:" + System.getProperty("user.name", "unknown")))));
            producer.flush();
            out.println("the trainer service owns the pair buffer: asked it for a " + objective + " round (request " + requestId + ")");
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : answers.poll(Duration.ofMillis(500))) {
                    GroundworkEvent event;
                    try {
                        event = EventCodec.decode(r.value());
                    } catch (EventCodec.InvalidEventException e) {
                        continue;
                    }
                    if (event instanceof TrainRoundAnswered a && a.requestId().equals(requestId)) {
                        return report(a, out);
                    }
                }
            }
            throw new IllegalStateException("the trainer service did not answer within " + timeout.toMinutes()
                    + " minutes (is it running? see its log)");
        }
    }

    private static int report(TrainRoundAnswered a, PrintStream out) {
        switch (a.outcome()) {
            case "TRAINED" -> {
                out.printf("the trainer service trained a round on %d pairs: run %s, checkpoint %s%n", a.pairs(), a.runId(),
                        a.checkpoint());
                return 0;
            }
            case "NO_NEW_PAIRS" -> {
                out.println("no new pairs since the trainer service's last round" + (a.message() == null ? "" : " (" + a.message() + ")"));
                return 0;
            }
            default -> throw new IllegalStateException("the trainer service could not train the round: " + a.message());
        }
    }
}
