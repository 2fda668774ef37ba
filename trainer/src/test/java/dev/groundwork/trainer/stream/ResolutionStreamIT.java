package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.event.DisagreementResolved;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.export.TrlExporter;
import dev.groundwork.annotation.export.TrlStyle;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.trainer.TestWorkbenchApplication;
import dev.groundwork.trainer.stream.PairBuffer.Pair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A reviewer's resolution changes the pair the trainer receives and the TRL export alike: through
 * the outbox, a real Kafka broker (own JVM) and the trainer's consumer into its pair buffer.
 */
@SpringBootTest(classes = TestWorkbenchApplication.class)
class ResolutionStreamIT {

    private static final String DATASET = "resolve-world";

    @Autowired ApplicationContext ctx;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired JudgmentService judgments;
    @Autowired ReviewService review;
    @Autowired TrlExporter exporter;
    @TempDir Path tmp;

    private KafkaBroker broker;
    private KafkaConnection kafka;
    private PairBuffer buffer;
    private OutboxRelay relay;
    private JudgmentStreamConsumer consumer;

    @BeforeEach
    void start() {
        broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort()));
        kafka = KafkaConnection.local(broker.bootstrapServers());
        kafka.ensureTopics();
        buffer = PairBuffer.open("jdbc:h2:file:" + tmp.resolve("pairs").toAbsolutePath());
        // Rows of earlier tests in this context were published to their own broker; start this one clean.
        jdbc.update("update outbox_event set published_at = current_timestamp where published_at is null");
        relay = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults("resolve"), Clock.systemUTC(),
                OutboxRelay.Faults.NONE);
        consumer = new JudgmentStreamConsumer(kafka, buffer, JudgmentStreamConsumer.Settings.defaults("trainer-resolve"),
                JudgmentStreamConsumer.Faults.NONE);
    }

    @AfterEach
    void stop() {
        consumer.close();
        relay.close();
        buffer.close();
        broker.close();
    }

    @Test
    void a_reviewers_resolution_overrides_the_human_majority_in_the_trainer_and_the_trl_export() throws Exception {
        long id = new DeliveryHarness(ctx).prepare(DATASET, 3, tmp).get(0);
        List<String> annotators = DeliveryHarness.annotators(DATASET);
        record(id, annotators.get(0), Verdict.A);
        record(id, annotators.get(1), Verdict.A);
        record(id, annotators.get(2), Verdict.B);
        ReviewService.Detail d = review.detail(id);
        relay.start();
        consumer.start();

        Pair byVotes = awaitPair(id, "the human majority's pair", p -> p.decidedBy().equals("HUMAN"));
        assertThat(byVotes).extracting(Pair::chosen, Pair::rejected, Pair::weight, Pair::votes)
                .containsExactly(d.responseA(), d.responseB(), 2.0 / 3, 3);
        assertThat(exportedPair(id, d, "votes")).containsExactly(d.responseA(), d.responseB());

        review.resolve(id, Verdict.B, "B is right after all", "reviewer-1");
        Pair resolved = awaitPair(id, "the reviewer's pair", p -> p.decidedBy().equals("REVIEWER"));
        assertThat(resolved).extracting(Pair::chosen, Pair::rejected, Pair::weight, Pair::decidedBy, Pair::prompt)
                .containsExactly(d.responseB(), d.responseA(), 1.0, "REVIEWER", d.prompt());
        assertThat(exportedPair(id, d, "resolved-b")).containsExactly(d.responseB(), d.responseA());

        review.resolve(id, Verdict.TIE, null, "reviewer-2");
        DeliveryHarness.await("the tie to remove the pair", Duration.ofSeconds(60), () -> pair(id).isEmpty());
        assertThat(buffer.resolutions()).isEqualTo(1);
        assertThat(buffer.votes()).isEqualTo(3);
        assertThat(exportedPair(id, d, "resolved-tie")).isEmpty();
        assertThat(consumer.deadLettered()).isZero();

        List<String> resolutionRecords = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : DeliveryHarness.readAll(kafka, Topics.JUDGMENTS)) {
            String type = new String(r.headers().lastHeader("type").value(), StandardCharsets.UTF_8);
            if (type.equals(DisagreementResolved.TYPE)) {
                assertThat(r.key()).isEqualTo(Long.toString(id));
                resolutionRecords.add(new String(r.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8));
            }
        }
        assertThat(resolutionRecords).containsExactly(DisagreementResolved.eventId(id, 1), DisagreementResolved.eventId(id, 2));
    }

    private void record(long comparison, String annotator, Verdict verdict) {
        judgments.record(new RecordJudgment(comparison, JudgeKind.HUMAN, annotator, verdict, 1, List.of(), null, 1000L,
                DATASET + ":" + annotator + ":" + comparison));
    }

    private Optional<Pair> pair(long comparison) {
        return buffer.pairs(PreferencePolicy.DEFAULT).stream().filter(p -> p.comparisonId() == comparison).findFirst();
    }

    private Pair awaitPair(long comparison, String what, Predicate<Pair> condition) throws InterruptedException {
        DeliveryHarness.await(what, Duration.ofSeconds(60), () -> pair(comparison).filter(condition).isPresent());
        return pair(comparison).orElseThrow();
    }

    /** [chosen, rejected] of the comparison's line in a fresh TRL export, or empty when it has none. */
    private List<String> exportedPair(long comparison, ReviewService.Detail d, String dir) throws Exception {
        Path out = tmp.resolve("trl-" + dir);
        TrlExporter.Summary s = exporter.export(DATASET, out, PreferencePolicy.DEFAULT, TrlStyle.PLAIN, "test");
        assertThat(s.comparisonsJudged()).as("only comparison %d is judged", comparison).isEqualTo(1);
        List<String> lines = Files.readAllLines(out.resolve(TrlExporter.FILE_NAME));
        assertThat(lines).hasSizeLessThanOrEqualTo(1);
        if (lines.isEmpty()) {
            return List.of();
        }
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        assertThat(n.get("prompt").asText()).isEqualTo(d.prompt());
        assertThat(n.get("images").get(0).asText()).contains(d.imageSha256());
        return List.of(n.get("chosen").asText(), n.get("rejected").asText());
    }
}
