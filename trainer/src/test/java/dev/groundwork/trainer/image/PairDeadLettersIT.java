package dev.groundwork.trainer.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.trainer.image.ImageResolution.Problem;
import dev.groundwork.trainer.image.ImageResolution.Refused;
import dev.groundwork.trainer.stream.PairBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pairs whose image is tampered with or unknown reach the dead-letter topic of a real broker, with the reason. */
class PairDeadLettersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    private KafkaBroker broker;
    private KafkaConnection kafka;

    @BeforeEach
    void startBroker() {
        broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort()));
        kafka = KafkaConnection.local(broker.bootstrapServers());
        kafka.ensureTopics();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void a_tampered_and_an_unknown_image_are_dead_lettered_with_their_reasons() throws Exception {
        Path store = tmp.resolve("images");
        String tampered = TestImages.store(store, TestImages.png(4, 4, 1));
        TestImages.tamper(store, tampered, TestImages.png(4, 4, 2));
        String unknown = Sha256.of("not stored".getBytes(StandardCharsets.UTF_8));
        ImageResolver resolver = new ImageResolver(new DirectoryImageSource(store));
        PairBuffer.Pair first = pair(101, tampered);
        PairBuffer.Pair second = pair(102, unknown);

        try (PairDeadLetters deadLetters = new PairDeadLetters(kafka)) {
            for (PairBuffer.Pair p : List.of(first, second)) {
                ImageResolution r = resolver.resolve(p.imageSha256(), p.imageUri());
                assertThat(r).isInstanceOf(Refused.class);
                deadLetters.send(p, (Refused) r);
            }
            deadLetters.flush();
            assertThat(deadLetters.sent()).isEqualTo(2);
            assertThat(deadLetters.failed()).isZero();
        }

        Map<String, ConsumerRecord<String, byte[]>> byKey = readCommitted(Topics.DEAD_LETTER).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
        assertThat(byKey).containsOnlyKeys("101", "102");

        assertThat(header(byKey.get("101"), Topics.HEADER_REASON))
                .startsWith("image " + tampered.substring(0, 8) + "… failed its SHA-256 check: got ");
        assertThat(header(byKey.get("102"), Topics.HEADER_REASON))
                .startsWith("image " + unknown.substring(0, 8) + "… is not in the image store");
        assertThat(header(byKey.get("101"), Topics.HEADER_SOURCE)).isEqualTo(PairDeadLetters.SOURCE_PREFIX + "101");

        JsonNode value = JSON.readTree(byKey.get("101").value());
        assertThat(value.path("comparisonId").asLong()).isEqualTo(101);
        assertThat(value.path("image").path("sha256").asText()).isEqualTo(tampered);
        assertThat(value.path("image").path("uri").asText()).isEqualTo(TestImages.uri(tampered));
        assertThat(value.path("dataset").asText()).isEqualTo("dlt-world");
        assertThat(value.path("itemId").asText()).isEqualTo("item-101");
        assertThat(value.path("problem").asText()).isEqualTo(Problem.SHA_MISMATCH.name());
        assertThat(JSON.readTree(byKey.get("102").value()).path("problem").asText()).isEqualTo(Problem.UNKNOWN.name());
    }

    @Test
    void an_unreachable_broker_does_not_stop_the_caller() {
        KafkaConnection nowhere = new KafkaConnection("127.0.0.1:" + KafkaBroker.freePort(),
                Map.of("max.block.ms", "500", "delivery.timeout.ms", "1500", "request.timeout.ms", "1000"), (short) 1);
        String sha = Sha256.of(new byte[] {1});
        try (PairDeadLetters deadLetters = new PairDeadLetters(nowhere)) {
            deadLetters.send(pair(7, sha), new Refused(sha, Problem.UNKNOWN, "image … is not in the image store"));
            deadLetters.flush();
            assertThat(deadLetters.sent()).isZero();
            assertThat(deadLetters.failed()).isEqualTo(1);
        }
    }

    private static PairBuffer.Pair pair(long comparisonId, String sha) {
        return new PairBuffer.Pair(comparisonId, "dlt-world", "item-" + comparisonId, "What is in the image?", sha, TestImages.uri(sha),
                "a red cube", "a blue sphere", 1.0, "HUMAN", 3, List.of());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        Map<String, Object> p = new HashMap<>(kafka.base());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
