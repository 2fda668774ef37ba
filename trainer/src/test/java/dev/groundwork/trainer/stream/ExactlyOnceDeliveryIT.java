package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.trainer.TestWorkbenchApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Judgments reach the trainer's pair buffer exactly once, through a real Kafka broker (own JVM),
 * whatever fails in between: the broker is SIGKILLed and restarted, the relay dies mid-batch and
 * between commit and bookkeeping, the consumer dies before storing a poll. Each test submits
 * 10,000 judgments and checks the buffer holds each judgment id exactly once.
 */
@SpringBootTest(classes = TestWorkbenchApplication.class)
class ExactlyOnceDeliveryIT {

    static final int JUDGMENTS = 10_000;

    @Autowired ApplicationContext ctx;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @TempDir Path tmp;

    private KafkaBroker broker;
    private KafkaConnection kafka;
    private PairBuffer buffer;
    private DeliveryHarness harness;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startBroker(TestInfo info) {
        broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort()));
        kafka = KafkaConnection.local(broker.bootstrapServers());
        kafka.ensureTopics();
        buffer = PairBuffer.open("jdbc:h2:file:" + tmp.resolve("pairs").toAbsolutePath());
        harness = new DeliveryHarness(ctx);
        // Rows of earlier tests were published to their own broker; start this one clean.
        jdbc.update("update outbox_event set published_at = current_timestamp where published_at is null");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        buffer.close();
        broker.close();
    }

    private OutboxRelay relay(String id, OutboxRelay.Faults faults) {
        OutboxRelay r = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults(id), Clock.systemUTC(), faults);
        toClose.add(r);
        r.start();
        return r;
    }

    private JudgmentStreamConsumer consumer(JudgmentStreamConsumer.Faults faults) {
        JudgmentStreamConsumer c = new JudgmentStreamConsumer(kafka, buffer, JudgmentStreamConsumer.Settings.defaults("trainer"), faults);
        toClose.add(c);
        c.start();
        return c;
    }

    private void assertExactlyOnce(Set<Long> submitted) throws InterruptedException {
        DeliveryHarness.await(JUDGMENTS + " votes in the pair buffer", Duration.ofSeconds(240), () -> buffer.votes() >= JUDGMENTS);
        Thread.sleep(1000); // anything beyond 10,000 would be a double count: give it a moment to show up
        Map<Long, Integer> counts = buffer.judgmentCounts();
        assertThat(submitted).hasSize(JUDGMENTS);
        assertThat(buffer.votes()).isEqualTo(JUDGMENTS);
        assertThat(counts.keySet()).isEqualTo(submitted);
        assertThat(counts.values()).containsOnly(1);
        assertThat(jdbc.queryForObject("select count(*) from outbox_event where published_at is null", Long.class)).isZero();
        assertThat(buffer.pairs(new PreferencePolicy(true))).isNotEmpty();
    }

    @Test
    void every_judgment_is_counted_once_when_the_broker_is_killed_and_restarted() throws Exception {
        List<RecordJudgment> commands = harness.seed("broker-kill", 240, JUDGMENTS, tmp);
        relay("r1", OutboxRelay.Faults.NONE);
        consumer(JudgmentStreamConsumer.Faults.NONE);
        AtomicBoolean killed = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            try {
                DeliveryHarness.await("buffer to fill a little", Duration.ofSeconds(120), () -> buffer.votes() > 1500);
                broker.kill();
                killed.set(true);
                Thread.sleep(2000);
                broker.restart();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        Set<Long> ids = harness.submit(commands, 3, n -> {});
        killer.join();
        assertThat(killed).isTrue();
        assertExactlyOnce(ids);
    }

    @Test
    void every_judgment_is_counted_once_when_the_relay_dies_mid_batch_and_after_commit() throws Exception {
        List<RecordJudgment> commands = harness.seed("relay-crash", 240, JUDGMENTS, tmp);
        consumer(JudgmentStreamConsumer.Faults.NONE);
        AtomicInteger batches = new AtomicInteger();
        OutboxRelay first = relay("r1", new OutboxRelay.Faults() {
            @Override
            public void afterSend(int sent) {
                if (sent == 1) {
                    batches.incrementAndGet();
                }
                if (batches.get() >= 3 && sent == 10) {
                    throw new OutboxRelay.SimulatedCrash("mid-batch, after 10 sends of batch " + batches.get());
                }
            }
        });
        Thread submitter = harness.submitInBackground(commands, 3);
        DeliveryHarness.await("first relay crash", Duration.ofSeconds(120), () -> !first.isRunning());
        AtomicInteger commits = new AtomicInteger();
        OutboxRelay second = relay("r1", new OutboxRelay.Faults() {
            @Override
            public void afterCommit(int rows) {
                if (commits.incrementAndGet() == 2) {
                    throw new OutboxRelay.SimulatedCrash("after the Kafka commit, before marking rows published");
                }
            }
        });
        DeliveryHarness.await("second relay crash", Duration.ofSeconds(120), () -> !second.isRunning());
        first.stop();
        second.stop();
        relay("r1", OutboxRelay.Faults.NONE);
        submitter.join();
        Set<Long> ids = new java.util.HashSet<>(jdbc.queryForList(
                "select j.id from judgment j join comparison c on c.id = j.comparison_id join item i on i.id = c.item_id "
                        + "join dataset d on d.id = i.dataset_id where d.name = 'relay-crash'", Long.class));
        assertExactlyOnce(ids);
        JudgmentStreamConsumer c = (JudgmentStreamConsumer) toClose.get(0);
        assertThat(c.duplicatesSkipped()).as("the batch committed before the crash was published again and deduplicated")
                .isPositive();
    }

    @Test
    void every_judgment_is_counted_once_when_the_consumer_dies_and_restarts() throws Exception {
        List<RecordJudgment> commands = harness.seed("consumer-crash", 240, JUDGMENTS, tmp);
        relay("r1", OutboxRelay.Faults.NONE);
        AtomicInteger polls = new AtomicInteger();
        JudgmentStreamConsumer first = consumer(new JudgmentStreamConsumer.Faults() {
            @Override
            public void beforeStore(int records) {
                if (polls.incrementAndGet() == 4) {
                    throw new JudgmentStreamConsumer.SimulatedCrash("after decoding a poll, before storing it");
                }
            }
        });
        Thread submitter = harness.submitInBackground(commands, 3);
        DeliveryHarness.await("first consumer crash", Duration.ofSeconds(120), () -> !first.isRunning());
        long afterFirstCrash = buffer.votes();
        AtomicInteger polls2 = new AtomicInteger();
        JudgmentStreamConsumer second = consumer(new JudgmentStreamConsumer.Faults() {
            @Override
            public void beforeStore(int records) {
                if (polls2.incrementAndGet() == 3) {
                    throw new JudgmentStreamConsumer.SimulatedCrash("second crash");
                }
            }
        });
        DeliveryHarness.await("second consumer crash", Duration.ofSeconds(120), () -> !second.isRunning());
        consumer(JudgmentStreamConsumer.Faults.NONE);
        submitter.join();
        Set<Long> ids = new java.util.HashSet<>(jdbc.queryForList(
                "select j.id from judgment j join comparison c on c.id = j.comparison_id join item i on i.id = c.item_id "
                        + "join dataset d on d.id = i.dataset_id where d.name = 'consumer-crash'", Long.class));
        assertThat(afterFirstCrash).isLessThan(JUDGMENTS);
        assertExactlyOnce(ids);
    }

    @Test
    void poison_records_go_to_the_dead_letter_topic_with_a_reason_and_do_not_stop_the_consumer() throws Exception {
        List<RecordJudgment> commands = harness.seed("poison", 30, 200, tmp);
        JudgmentStreamConsumer c = consumer(JudgmentStreamConsumer.Faults.NONE);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.base(), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.JUDGMENTS, "1", "not json at all".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(Topics.JUDGMENTS, "2", "{\"type\":\"JudgmentRecorded\",\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(Topics.JUDGMENTS, "3", "{\"type\":\"SomethingElse\"}".getBytes(StandardCharsets.UTF_8)));
            raw.flush();
        }
        relay("r1", OutboxRelay.Faults.NONE);
        Set<Long> ids = harness.submit(commands, 2, n -> {});
        DeliveryHarness.await("200 votes", Duration.ofSeconds(120), () -> buffer.votes() >= 200);
        assertThat(buffer.judgmentCounts().keySet()).isEqualTo(ids);
        assertThat(c.isRunning()).isTrue();
        DeliveryHarness.await("3 dead letters", Duration.ofSeconds(60), () -> DeliveryHarness.readAll(kafka, Topics.DEAD_LETTER).size() >= 3);
        List<ConsumerRecord<String, byte[]>> dead = DeliveryHarness.readAll(kafka, Topics.DEAD_LETTER);
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : dead) {
            reasons.put(r.key(), new String(r.headers().lastHeader(Topics.HEADER_REASON).value(), StandardCharsets.UTF_8));
            assertThat(r.headers().lastHeader(Topics.HEADER_SOURCE)).isNotNull();
        }
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get("1")).startsWith("not a Groundwork event");
        assertThat(reasons.get("2")).contains("eventId must be a lower-case UUID").contains("prompt is missing");
        assertThat(reasons.get("3")).startsWith("not a Groundwork event");
    }

    @Test
    void two_relays_never_publish_the_same_row() throws Exception {
        List<RecordJudgment> commands = harness.seed("two-relays", 60, 2000, tmp);
        relay("r1", OutboxRelay.Faults.NONE);
        relay("r2", OutboxRelay.Faults.NONE);
        Set<Long> ids = harness.submit(commands, 3, n -> {});
        DeliveryHarness.await("outbox drained", Duration.ofSeconds(120),
                () -> jdbc.queryForObject("select count(*) from outbox_event where published_at is null", Long.class) == 0);
        Map<String, Integer> perEvent = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : DeliveryHarness.readAll(kafka, Topics.JUDGMENTS)) {
            perEvent.merge(new String(r.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        assertThat(perEvent).hasSize(ids.size());
        assertThat(perEvent.values()).containsOnly(1);
        Map<String, Long> byRelay = new HashMap<>();
        jdbc.query("select claimed_by, count(*) from outbox_event where published_at is not null and claimed_by in ('r1','r2') group by claimed_by",
                rs -> { byRelay.put(rs.getString(1), rs.getLong(2)); });
        assertThat(byRelay.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(ids.size());
    }
}
