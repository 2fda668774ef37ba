package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.trainer.TestWorkbenchApplication;
import dev.groundwork.trainer.support.TrainerJar;
import dev.groundwork.trainer.train.Checkpoint;
import dev.groundwork.trainer.train.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The trainer service, its own process, is killed with SIGKILL in the middle of a {@code --follow} round and
 * restarted: it resumes from its last round's checkpoint and the offsets stored with its pair buffer, redoes the
 * interrupted round over the same offset range, and ends bit-identical to an uninterrupted trainer fed the same
 * judgments; the rounds' offset ranges are contiguous and do not overlap, and each round counts its pairs once.
 *
 * <p>Two trainer processes (own data directories and consumer groups) follow the same judgments topic: A runs
 * undisturbed, B is killed during round 2. Round 1 is 24 comparisons with one human vote each (24 pairs), round 2
 * another 24; each round is 40 DPO steps of the tiny model, one engine thread.
 */
@SpringBootTest(classes = TestWorkbenchApplication.class)
class FollowRoundCrashIT {

    static final String DATASET = "crash-world";
    static final int PAIRS_PER_ROUND = 24;
    static final int STEPS = 40;

    @Autowired ApplicationContext ctx;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired JudgmentService judgments;
    @Autowired ImageStore images;
    @TempDir Path tmp;

    @Test
    void a_trainer_killed_mid_round_resumes_from_its_checkpoint_and_offsets_and_ends_bit_identical() throws Exception {
        List<Long> comparisons = new DeliveryHarness(ctx).prepare(DATASET, 6, tmp);
        assertThat(comparisons).hasSizeGreaterThanOrEqualTo(2 * PAIRS_PER_ROUND);
        String annotator = DeliveryHarness.annotators(DATASET).get(0);
        jdbc.update("update outbox_event set published_at = current_timestamp where published_at is null");
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort()))) {
            KafkaConnection kafka = KafkaConnection.local(broker.bootstrapServers());
            kafka.ensureTopics();
            try (OutboxRelay relay = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults("crash"), Clock.systemUTC(),
                    OutboxRelay.Faults.NONE)) {
                relay.start();
                vote(comparisons.subList(0, PAIRS_PER_ROUND), annotator, Verdict.A);
                DeliveryHarness.await("round 1's judgments on the topic", Duration.ofSeconds(60), () -> relay.unpublished() == 0);

                TrainerJar a = trainer(kafka, "a");
                TrainerJar b = trainer(kafka, "b");
                try {
                    Path roundA1 = round("a", 1);
                    Path roundB1 = round("b", 1);
                    DeliveryHarness.await("round 1 in both trainers", Duration.ofMinutes(4),
                            () -> Files.exists(roundA1.resolve(Checkpoint.STATE)) && Files.exists(roundB1.resolve(Checkpoint.STATE)));

                    vote(comparisons.subList(PAIRS_PER_ROUND, 2 * PAIRS_PER_ROUND), annotator, Verdict.B);
                    b.awaitOutput("B in the middle of round 2", Duration.ofMinutes(3),
                            out -> out.contains("round 2 of") && out.substring(out.indexOf("round 2 of")).contains("/" + STEPS + " "));
                    b.kill();
                    assertThat(round("b", 2)).as("the killed round left no checkpoint").doesNotExist();
                    b = trainer(kafka, "b");
                    Path roundA2 = round("a", 2);
                    Path roundB2 = round("b", 2);
                    DeliveryHarness.await("round 2 in both trainers", Duration.ofMinutes(4),
                            () -> Files.exists(roundA2.resolve(Checkpoint.STATE)) && Files.exists(roundB2.resolve(Checkpoint.STATE)));

                    assertThat(Files.readAllBytes(roundB2.resolve(Checkpoint.MODEL)))
                            .as("parameters after a crash and a restart, bit for bit")
                            .isEqualTo(Files.readAllBytes(roundA2.resolve(Checkpoint.MODEL)));
                    assertThat(Files.readAllBytes(roundB2.resolve(Checkpoint.REFERENCE)))
                            .isEqualTo(Files.readAllBytes(roundA2.resolve(Checkpoint.REFERENCE)));

                    Provenance first = Provenance.read(roundB1);
                    Provenance second = Provenance.read(roundB2);
                    assertThat(first.pairs()).isEqualTo(PAIRS_PER_ROUND);
                    assertThat(second.pairs()).isEqualTo(PAIRS_PER_ROUND);
                    assertThat(second.round()).isEqualTo(2);
                    assertThat(second.parent()).isEqualTo(roundB1.toUri().toString());
                    assertContiguous(first.offsetRanges(), second.offsetRanges());
                    assertThat(Provenance.read(roundA2).offsetRanges()).isEqualTo(second.offsetRanges());
                    assertThat(b.output()).contains("round 2 of").doesNotContain("round 3 of");
                } finally {
                    a.close();
                    b.close();
                }
            }
        }
    }

    /** Round 1 starts at 0; round 2 starts where round 1 ended, partition by partition; together they hold every vote. */
    private static void assertContiguous(List<OffsetRange> first, List<OffsetRange> second) {
        Map<Integer, OffsetRange> one = new HashMap<>();
        first.forEach(r -> one.put(r.partition(), r));
        long records = 0;
        for (OffsetRange r : second) {
            OffsetRange before = one.get(r.partition());
            long start = before == null ? 0 : before.toOffset();
            assertThat(r.fromOffset()).as("round 2 of partition %d starts where round 1 ended", r.partition()).isEqualTo(start);
            records += r.toOffset() - r.fromOffset();
        }
        for (OffsetRange r : first) {
            assertThat(r.fromOffset()).isZero();
            records += r.toOffset() - r.fromOffset();
        }
        // Each vote is one record; a transaction's commit marker takes an offset of its own.
        assertThat(records).isGreaterThanOrEqualTo(2L * PAIRS_PER_ROUND);
    }

    private void vote(List<Long> ids, String annotator, Verdict verdict) {
        for (long id : ids) {
            judgments.record(new RecordJudgment(id, JudgeKind.HUMAN, annotator, verdict, 1, List.of(), null, 1000L,
                    DATASET + ":" + annotator + ":" + id));
        }
    }

    private Path round(String trainer, int number) {
        return tmp.resolve(trainer).resolve("artifacts/runs/crash/round-" + number);
    }

    private TrainerJar trainer(KafkaConnection kafka, String name) {
        return TrainerJar.start(List.of("train", "dpo", "--from", "stream", "--follow", "--kafka", kafka.bootstrapServers(),
                        "--group", "trainer-" + name, "--name", "crash", "--dataset", DATASET, "--min-new-pairs",
                        Integer.toString(PAIRS_PER_ROUND), "--size", "tiny", "--steps", Integer.toString(STEPS), "--batch", "8",
                        "--seed", "3", "--poll-seconds", "0.3"),
                Map.of("GW_DATA_DIR", tmp.resolve(name).toString(), "GW_TRAINER_IMAGES_DIR", images.root().toString()),
                tmp.resolve(name + ".log"));
    }
}
