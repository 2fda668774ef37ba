package dev.groundwork.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher starts a real KRaft broker in its own JVM, and a record whose transaction is
 * complete survives a SIGKILL and restart. (A kill between PREPARE_COMMIT and the commit
 * markers can leave a hanging transaction; the outbox relay repairs those, see
 * {@code ExactlyOnceDeliveryIT} in the trainer.)
 */
class KafkaBrokerIT {

    @TempDir Path dir;

    @Test
    void broker_starts_serves_and_keeps_committed_records_across_a_kill() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Config.of(dir, KafkaBroker.freePort(), KafkaBroker.freePort()))) {
            assertThat(broker.pid()).isPresent();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "launcher-test");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "v1"));
                producer.commitTransaction();
            }
            assertThat(readCommitted(broker, "before")).containsExactly("v1");

            long pid = broker.pid().orElseThrow();
            broker.kill();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            broker.restart();
            assertThat(broker.pid()).isPresent().get().isNotEqualTo(pid);
            assertThat(readCommitted(broker, "after")).containsExactly("v1");
        }
    }

    private static List<String> readCommitted(KafkaBroker broker, String group) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            return java.util.stream.StreamSupport.stream(records.spliterator(), false).map(r -> r.value()).toList();
        }
    }
}
