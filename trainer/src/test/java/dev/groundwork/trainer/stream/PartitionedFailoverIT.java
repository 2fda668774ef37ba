package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.trainer.TestWorkbenchApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scale-out path end to end: a judgments topic of {@value #PARTITIONS} partitions (the configured count), two
 * relays publishing from one outbox at once, and two members of one trainer consumer group sharing one pair buffer
 * (H2 server mode, as {@code deploy/README.md} describes). One member runs in a process of its own and is SIGKILLed
 * mid-stream: it neither leaves the group nor closes its database session. The other takes over its partitions after
 * the session timeout, from the offsets the dead one stored, and the buffer holds every judgment exactly once, with
 * annotators' corrections resolved as a single consumer resolves them.
 */
@SpringBootTest(classes = TestWorkbenchApplication.class)
class PartitionedFailoverIT {

    static final int PARTITIONS = 6;
    static final int JUDGMENTS = 6_000;
    static final int CORRECTIONS = 60;
    static final String GROUP = "trainer-failover";

    @Autowired ApplicationContext ctx;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired JudgmentService judgments;
    @TempDir Path tmp;

    private KafkaBroker broker;
    private KafkaConnection kafka;
    private Server bufferServer;
    private String bufferUrl;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Process member;

    @BeforeEach
    void start() throws Exception {
        broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort()));
        kafka = KafkaConnection.local(broker.bootstrapServers()).withPartitions(PARTITIONS);
        kafka.ensureTopics();
        Files.createDirectories(tmp.resolve("buffer"));
        bufferServer = Server.createTcpServer("-tcpPort", Integer.toString(KafkaBroker.freePort()), "-baseDir",
                tmp.resolve("buffer").toString(), "-ifNotExists").start();
        bufferUrl = "jdbc:h2:tcp://127.0.0.1:" + bufferServer.getPort() + "/pairs";
        // Rows of earlier tests in this context were published to their own broker; start this one clean.
        jdbc.update("update outbox_event set published_at = current_timestamp where published_at is null");
    }

    @AfterEach
    void stop() throws Exception {
        if (member != null) {
            member.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        bufferServer.stop();
        broker.close();
    }

    @Test
    void the_judgments_topic_has_the_configured_partitions_and_min_insync_replicas() throws Exception {
        try (Admin admin = kafka.admin()) {
            var topic = admin.describeTopics(List.of(Topics.JUDGMENTS)).allTopicNames().get().get(Topics.JUDGMENTS);
            assertThat(topic.partitions()).hasSize(PARTITIONS);
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.JUDGMENTS);
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("1");
        }
    }

    @Test
    void a_second_group_member_takes_over_when_the_first_is_killed_and_every_judgment_is_stored_once() throws Exception {
        DeliveryHarness harness = new DeliveryHarness(ctx);
        List<RecordJudgment> commands = harness.seed("failover", 240, JUDGMENTS, tmp);
        relay("f1");
        relay("f2");
        PairBuffer shared = buffer(bufferUrl);
        Map<TopicPartition, Long> survivorStored = new ConcurrentHashMap<>();
        Set<TopicPartition> survivorAfterKill = ConcurrentHashMap.newKeySet();
        var killed = new java.util.concurrent.atomic.AtomicBoolean();
        JudgmentStreamConsumer survivor = consumer(shared, GROUP, batch -> batch.forEach(c -> {
            survivorStored.merge(c.partition(), 1L, Long::sum);
            if (killed.get()) {
                survivorAfterKill.add(c.partition());
            }
        }));
        member = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), GroupMemberMain.class.getName(), broker.bootstrapServers(), bufferUrl,
                GROUP).redirectErrorStream(true).redirectOutput(tmp.resolve("member.log").toFile()).start();
        DeliveryHarness.await("two members in the group, each with partitions", Duration.ofSeconds(120), this::twoMembers);

        Thread submitter = harness.submitInBackground(commands, 3);
        // Both members hold partitions and store: the survivor stored from some partitions only, the buffer from more.
        DeliveryHarness.await("both members to store", Duration.ofSeconds(180), () -> {
            Set<Integer> inBuffer = partitionsIn(shared);
            return shared.votes() > 1000 && !survivorStored.isEmpty() && survivorStored.size() < PARTITIONS
                    && inBuffer.size() > survivorStored.size();
        });
        Set<TopicPartition> survivorBefore = Set.copyOf(survivorStored.keySet());
        assertThat(shared.votes()).as("the kill comes mid-stream").isLessThan(JUDGMENTS);
        member.destroyForcibly(); // SIGKILL: no leave-group, no close, an open buffer transaction is rolled back
        assertThat(member.waitFor(30, TimeUnit.SECONDS)).isTrue();
        killed.set(true);
        submitter.join();

        // Corrections while the stream flows: each supersedes a judgment of its own comparison.
        List<RecordJudgment> humans = commands.stream().filter(c -> c.judgeKind() == JudgeKind.HUMAN).limit(CORRECTIONS).toList();
        Map<Long, Long> corrected = new HashMap<>();
        for (RecordJudgment h : humans) {
            long original = judgments.record(h).judgmentId(); // the same idempotency key: the judgment already recorded
            Verdict flipped = h.verdict() == Verdict.A ? Verdict.B : Verdict.A;
            corrected.put(judgments.correct(original, h.judgeId(), flipped, 1, "failover:fix:" + original).judgmentId(), original);
        }
        Set<Long> ids = new HashSet<>(jdbc.queryForList("select j.id from judgment j join comparison c on c.id = j.comparison_id"
                + " join item i on i.id = c.item_id join dataset d on d.id = i.dataset_id where d.name = 'failover'", Long.class));
        assertThat(ids).hasSize(JUDGMENTS + CORRECTIONS);
        DeliveryHarness.await("every judgment in the shared buffer", Duration.ofSeconds(240), () -> shared.votes() >= ids.size());
        DeliveryHarness.await("the survivor to catch up on every partition", Duration.ofSeconds(60), survivor::caughtUp);
        Thread.sleep(1000); // anything beyond would be a double count: give it a moment to show up

        Map<Long, Integer> counts = shared.judgmentCounts();
        assertThat(counts.keySet()).isEqualTo(ids);
        assertThat(counts.values()).containsOnly(1);
        assertThat(jdbc.queryForObject("select count(*) from outbox_event where published_at is null", Long.class)).isZero();
        // The survivor took over: after the kill it stored records of partitions it had not read before.
        assertThat(survivorBefore).hasSizeLessThan(PARTITIONS);
        assertThat(new HashSet<>(survivorAfterKill)).as("partitions the survivor took over").isNotEmpty()
                .anyMatch(tp -> !survivorBefore.contains(tp));
        assertThat(shared.offsets().keySet()).hasSize(PARTITIONS);
        // No event reached the topic twice (below), so a duplicate here would be a record re-read: the survivor
        // resumed the dead member's partitions at the offsets it stored, not at the start.
        assertThat(survivor.duplicatesSkipped()).as("records the survivor read again").isZero();
        // Both relays published, and no event reached the topic twice.
        Map<String, Integer> perEvent = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : DeliveryHarness.readAll(kafka, Topics.JUDGMENTS)) {
            perEvent.merge(new String(r.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        assertThat(perEvent.values()).containsOnly(1);
        assertThat(jdbc.queryForList("select distinct claimed_by from outbox_event where published_at is not null"
                + " and claimed_by in ('f1', 'f2')", String.class)).containsExactlyInAnyOrder("f1", "f2");

        // A single consumer reading the whole topic into a buffer of its own makes the same pairs: corrections resolved.
        PairBuffer reference = buffer("jdbc:h2:file:" + tmp.resolve("reference").toAbsolutePath());
        JudgmentStreamConsumer single = consumer(reference, "reference", JudgmentStreamConsumer.Listener.NONE);
        DeliveryHarness.await("the reference buffer", Duration.ofSeconds(240), () -> reference.votes() >= ids.size());
        DeliveryHarness.await("the reference consumer to catch up", Duration.ofSeconds(60), single::caughtUp);
        PreferencePolicy policy = new PreferencePolicy(true);
        assertThat(shared.pairs(policy)).isEqualTo(reference.pairs(policy)).isNotEmpty();
        assertThat(corrected).hasSize(CORRECTIONS);
        corrected.forEach((fix, original) -> assertThat(counts).containsEntry(fix, 1).containsEntry(original, 1));
    }

    private boolean twoMembers() {
        try (Admin admin = kafka.admin()) {
            var members = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members();
            return members.size() == 2 && members.stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
        } catch (Exception e) {
            return false;
        }
    }

    private static Set<Integer> partitionsIn(PairBuffer buffer) {
        Set<Integer> parts = new HashSet<>();
        buffer.offsets().keySet().forEach(tp -> parts.add(tp.partition()));
        return parts;
    }

    private OutboxRelay relay(String id) {
        OutboxRelay r = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults(id), Clock.systemUTC(),
                OutboxRelay.Faults.NONE);
        toClose.add(r);
        r.start();
        return r;
    }

    private PairBuffer buffer(String url) {
        PairBuffer b = PairBuffer.open(url);
        toClose.add(b);
        return b;
    }

    private JudgmentStreamConsumer consumer(PairBuffer buffer, String group, JudgmentStreamConsumer.Listener listener) {
        JudgmentStreamConsumer c = new JudgmentStreamConsumer(kafka, buffer, JudgmentStreamConsumer.Settings.defaults(group),
                JudgmentStreamConsumer.Faults.NONE, listener);
        toClose.add(c);
        c.start();
        return c;
    }
}
