package dev.groundwork.critic.round;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.OnPolicyRoundAnswered;
import dev.groundwork.annotation.event.OnPolicyRoundRequested;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.critic.StreamFixture;
import dev.groundwork.critic.TestWorkbench;
import dev.groundwork.critic.worker.LocalCritics;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.train.Provenance;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code gw round --k 4 --critic claims --rounds 2} end to end on a small world, with a real broker: an SFT policy is
 * trained first (none exists), each round samples, the critic workers judge all K(K−1) ordered pairs, the best-vs-worst
 * comparisons go to annotators and train the next checkpoint.
 */
@SpringBootTest(classes = TestWorkbench.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnPolicyRoundIT {

    static final int K = 4;
    static final int PROMPTS = 5;

    @Autowired ApplicationContext ctx;
    @Autowired JdbcTemplate jdbc;
    @Autowired AssignmentService assignments;
    @TempDir static Path dir;

    StreamFixture stream;

    @BeforeAll
    void start() throws Exception {
        stream = StreamFixture.start(ctx, dir, "round-it");
        StreamFixture.importWorld(ctx, dir, "round-world", 20, 3);
        assignments.ensureAnnotator("round-ann-1", "Ann One", "annotator");
        assignments.ensureAnnotator("round-ann-2", "Ann Two", "annotator");
        assignments.ensureAnnotator("round-ann-3", "Ann Three", "annotator");
    }

    @AfterAll
    void stop() {
        stream.close();
    }

    @Test
    void twoRoundsRecordTheirRoundAndParentJudgeEveryOrderedPairAndAssignTheBestVersusWorst() throws Exception {
        RoundSettings settings = new RoundSettings("round-world", K, 2, PROMPTS, "claims", null, "tiny", 100, 4, 0.1,
                1e-4, 7, 2);
        List<OnPolicyRound.Result> results = new OnPolicyRound(ctx, stream.kafka, new LocalCritics(Map.of()),
                new ArtifactStore(dir.resolve("artifacts")), new PrintWriter(System.out, true))
                .run(settings, Optional.empty(), "test");

        assertThat(results).hasSize(2);
        Path sft = dir.resolve("artifacts/runs").toFile().listFiles()[0].toPath().resolve("sft");
        assertThat(Provenance.read(sft).objective()).isEqualTo("sft");
        String parent = ArtifactStore.uri(sft).toString();
        for (OnPolicyRound.Result r : results) {
            assertThat(r.parent()).isEqualTo(parent);
            if (r.pairs() > 0) {
                Provenance p = Provenance.read(r.checkpoint());
                assertThat(p.objective()).isEqualTo("dpo");
                assertThat(p.round()).isEqualTo(r.round());
                assertThat(p.parent()).isEqualTo(parent);
                assertThat(p.pairs()).isEqualTo(r.pairs());
                assertThat(p.dataset()).contains(r.dataset()).contains(r.criticJob());
            }
            parent = ArtifactStore.uri(r.checkpoint()).toString();

            // K(K-1) critic judgments per prompt, one per ordered pair.
            List<Map<String, Object>> perItem = jdbc.queryForList("""
                    select i.id, count(j.id) as judgments from item i join dataset d on d.id = i.dataset_id
                      join comparison c on c.item_id = i.id
                      left join judgment j on j.comparison_id = c.id and j.judge_kind = 'CRITIC'
                     where d.name = ? group by i.id""", r.dataset());
            assertThat(perItem).hasSize(PROMPTS)
                    .allSatisfy(row -> assertThat(((Number) row.get("JUDGMENTS")).intValue()).isEqualTo(K * (K - 1)));
            assertThat(r.judgments()).isEqualTo(PROMPTS * K * (K - 1));

            // The best-vs-worst comparisons, and only they, are assigned to annotators with overlap 2.
            Integer assigned = jdbc.queryForObject("""
                    select count(*) from assignment a join comparison c on c.id = a.comparison_id
                      join item i on i.id = c.item_id join dataset d on d.id = i.dataset_id where d.name = ?""",
                    Integer.class, r.dataset());
            assertThat(assigned).isEqualTo(2 * r.pairs()).isEqualTo(r.assigned());
        }
        assertThat(results.stream().mapToInt(OnPolicyRound.Result::pairs).sum()).as("best-vs-worst pairs").isPositive();
    }

    /**
     * The critic service's end of an on-policy round job: a request on the commands topic (key critic) is run and
     * answered there with the round's checkpoint, under an answer id derived from the request's.
     */
    @Test
    void aRoundRequestedOnTheCommandsTopicIsRunAndAnsweredWithItsCheckpoint() throws Exception {
        // An artifact store of its own: the other test reads the first run directory of its store.
        OnPolicyRound rounds = new OnPolicyRound(ctx, stream.kafka, new LocalCritics(Map.of()),
                new ArtifactStore(dir.resolve("command-artifacts")), new PrintWriter(System.out, true));
        try (RoundRequests service = RoundRequests.start(stream.kafka, rounds, Clock.systemUTC());
                Admin admin = Admin.create(stream.kafka.base())) {
            StreamFixture.await(() -> {
                try {
                    return admin.describeConsumerGroups(List.of("groundwork-critic-commands")).all().get()
                            .get("groundwork-critic-commands").members().stream().anyMatch(m -> !m.assignment()
                                    .topicPartitions().isEmpty());
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(60), "the critic service's command consumer");
            String requestId = UUID.randomUUID().toString();
            OnPolicyRoundRequested request = new OnPolicyRoundRequested(UUID.randomUUID().toString(),
                    OnPolicyRoundRequested.TYPE, 1, Instant.now(), requestId, "round-world", null, "claims", 3, 1, 3, 2, 11,
                    "job:test");
            Map<String, Object> p = stream.kafka.base();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS, RoundRequests.KEY, EventCodec.encode(request))).get();
            }
            Map<String, Object> c = stream.kafka.base();
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "round-it-answers");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            OnPolicyRoundAnswered answer = null;
            String key = null;
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.COMMANDS));
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (answer == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (EventCodec.decode(r.value()) instanceof OnPolicyRoundAnswered a && a.requestId().equals(requestId)) {
                            answer = a;
                            key = r.key();
                        }
                    }
                }
            }
            assertThat(answer).as("the critic service's answer").isNotNull();
            assertThat(key).isEqualTo("critic");
            assertThat(answer.outcome()).as(answer.message()).isEqualTo("TRAINED");
            assertThat(answer.rounds()).isEqualTo(1);
            Path checkpoint = Path.of(URI.create(answer.checkpoint()));
            assertThat(checkpoint).isDirectory();
            assertThat(answer.criticJob()).isNotBlank();
            assertThat(jdbc.queryForObject("select count(*) from critic_job where job_key = ?", Integer.class,
                    answer.criticJob())).isEqualTo(1);
        }
    }
}
