package dev.groundwork.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.ServiceCommandEvent;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainRoundAnswered;
import dev.groundwork.annotation.event.TrainRoundRequested;
import dev.groundwork.deploy.kafka.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request's offset is committed only once it is answered: a service stopped while it works on a request reads
 * that request again at its next start, and not the ones it answered.
 */
class CommandChannelIT {

    @TempDir Path tmp;

    private static TrainRoundRequested request(String id) {
        return new TrainRoundRequested(UUID.randomUUID().toString(), TrainRoundRequested.TYPE, 1, Instant.now(), id, "dpo", 1,
                "test");
    }

    private static Optional<ServiceCommandEvent> next(CommandChannel channel, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ServiceCommandEvent> e = channel.next();
            if (e.isPresent()) {
                return e;
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    @Test
    void a_request_taken_but_not_answered_is_read_again_after_a_restart_and_an_answered_one_is_not() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort()))) {
            KafkaConnection kafka = KafkaConnection.local(broker.bootstrapServers());
            kafka.ensureTopics();
            Map<String, Object> p = kafka.base();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                try (CommandChannel first = new CommandChannel(kafka, "cc")) {
                    // A fresh group starts at the end: keep sending the first request until the channel has joined.
                    Optional<ServiceCommandEvent> got = Optional.empty();
                    for (int i = 0; i < 60 && got.isEmpty(); i++) {
                        producer.send(new ProducerRecord<>(Topics.COMMANDS, CommandChannel.KEY,
                                EventCodec.encode(request("r1-" + i)))).get();
                        got = next(first, Duration.ofSeconds(1));
                    }
                    assertThat(got).as("the channel reads requests").isPresent();
                    String r1 = got.get().requestId();
                    // Anything else already read (earlier copies) is drained and answered too.
                    first.answer(answer(r1));
                    for (Optional<ServiceCommandEvent> more = next(first, Duration.ofSeconds(2)); more.isPresent();
                            more = next(first, Duration.ofSeconds(2))) {
                        first.answer(answer(more.get().requestId()));
                    }
                    producer.send(new ProducerRecord<>(Topics.COMMANDS, CommandChannel.KEY, EventCodec.encode(request("r2"))))
                            .get();
                    assertThat(next(first, Duration.ofSeconds(20))).get().extracting(ServiceCommandEvent::requestId)
                            .isEqualTo("r2");
                    // Stopped while working on r2: no answer.
                }
                try (CommandChannel second = new CommandChannel(kafka, "cc")) {
                    Optional<ServiceCommandEvent> again = next(second, Duration.ofSeconds(60));
                    assertThat(again).as("the unanswered request is read again").get()
                            .extracting(ServiceCommandEvent::requestId).isEqualTo("r2");
                    second.answer(answer("r2"));
                    assertThat(next(second, Duration.ofSeconds(5))).as("nothing answered comes back").isEmpty();
                }
                try (CommandChannel third = new CommandChannel(kafka, "cc")) {
                    assertThat(next(third, Duration.ofSeconds(15))).as("r2 was committed when it was answered").isEmpty();
                }
            }
        }
    }

    private static TrainRoundAnswered answer(String requestId) {
        return new TrainRoundAnswered(UUID.nameUUIDFromBytes(requestId.getBytes()).toString(), TrainRoundAnswered.TYPE, 1,
                Instant.now(), requestId, "NO_NEW_PAIRS", null, null, 0, "test");
    }
}
