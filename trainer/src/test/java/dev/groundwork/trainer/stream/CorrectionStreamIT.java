package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.judgment.RecordedJudgment;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.trainer.TestWorkbenchApplication;
import dev.groundwork.trainer.stream.PairBuffer.Pair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * An annotator's correction replaces their earlier vote in the trainer's pair buffer: through the
 * outbox, a real Kafka broker (own JVM) and the trainer's consumer, and again after the consumer
 * restarts from its stored offsets.
 */
@SpringBootTest(classes = TestWorkbenchApplication.class)
class CorrectionStreamIT {

    private static final String DATASET = "correct-world";

    @Autowired ApplicationContext ctx;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired JudgmentService judgments;
    @Autowired ReviewService review;
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
        relay = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults("correct"), Clock.systemUTC(),
                OutboxRelay.Faults.NONE);
        consumer = consumer();
    }

    private JudgmentStreamConsumer consumer() {
        return new JudgmentStreamConsumer(kafka, buffer, JudgmentStreamConsumer.Settings.defaults("trainer-correct"),
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
    void a_correction_replaces_the_judges_vote_in_the_pair_buffer_once_and_for_good() throws Exception {
        long id = new DeliveryHarness(ctx).prepare(DATASET, 3, tmp).get(0);
        List<String> annotators = DeliveryHarness.annotators(DATASET);
        RecordedJudgment first = record(id, annotators.get(0), Verdict.A);
        record(id, annotators.get(1), Verdict.A);
        record(id, annotators.get(2), Verdict.B);
        ReviewService.Detail d = review.detail(id);
        relay.start();
        consumer.start();
        DeliveryHarness.await("the majority's pair", Duration.ofSeconds(60),
                () -> pair(id).filter(p -> p.chosen().equals(d.responseA())).isPresent());

        // The first annotator changes A to B: B has two of three votes.
        RecordedJudgment fix = judgments.correct(first.judgmentId(), annotators.get(0), Verdict.B, 1, DATASET + ":fix");
        DeliveryHarness.await("the corrected pair", Duration.ofSeconds(60),
                () -> pair(id).filter(p -> p.chosen().equals(d.responseB())).isPresent());
        assertThat(pair(id).orElseThrow()).extracting(Pair::rejected, Pair::weight, Pair::votes, Pair::decidedBy)
                .containsExactly(d.responseA(), 2.0 / 3, 3, "HUMAN");
        assertThat(buffer.votes()).isEqualTo(4);
        assertThat(buffer.judgmentCounts()).containsEntry(first.judgmentId(), 1).containsEntry(fix.judgmentId(), 1);

        // On the topic: the correction names the judgment it supersedes, keyed like the comparison's judgments.
        List<JudgmentRecorded> events = DeliveryHarness.readAll(kafka, Topics.JUDGMENTS).stream()
                .filter(r -> r.key().equals(Long.toString(id))).map(ConsumerRecord::value).map(EventCodec::decode)
                .filter(e -> e instanceof JudgmentRecorded).map(e -> (JudgmentRecorded) e).toList();
        assertThat(events).hasSize(4);
        assertThat(events.get(3)).extracting(JudgmentRecorded::judgmentId, JudgmentRecorded::supersedes)
                .containsExactly(fix.judgmentId(), first.judgmentId());
        assertThat(events.subList(0, 3)).allSatisfy(e -> assertThat(e.supersedes()).isNull());

        // A new consumer resumes from the stored offsets: nothing is read twice, the pair stays corrected.
        consumer.close();
        consumer = consumer();
        consumer.start();
        DeliveryHarness.await("the new consumer to catch up", Duration.ofSeconds(60), consumer::caughtUp);
        assertThat(buffer.votes()).isEqualTo(4);
        assertThat(pair(id).orElseThrow().chosen()).isEqualTo(d.responseB());
        assertThat(consumer.deadLettered()).isZero();
    }

    private RecordedJudgment record(long comparison, String annotator, Verdict verdict) {
        return judgments.record(new RecordJudgment(comparison, JudgeKind.HUMAN, annotator, verdict, 1, List.of(), null, 1000L,
                DATASET + ":" + annotator + ":" + comparison));
    }

    private Optional<Pair> pair(long comparison) {
        return buffer.pairs(PreferencePolicy.DEFAULT).stream().filter(p -> p.comparisonId() == comparison).findFirst();
    }
}
