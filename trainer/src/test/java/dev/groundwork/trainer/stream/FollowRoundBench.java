package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Not part of the suite (run on demand: {@code mvn -pl trainer -am verify -Dit.test=FollowRoundBench
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}): the wall time of one
 * {@code --follow} round of {@code gw.bench.pairs} (500) pairs on the {@code small} model, one epoch at batch 16, by
 * the trainer service as its own process, from the round's start line to its checkpoint, with both engine threads.
 */
@SpringBootTest(classes = TestWorkbenchApplication.class)
class FollowRoundBench {

    static final int PAIRS = Integer.getInteger("gw.bench.pairs", 500);
    static final String SIZE = System.getProperty("gw.bench.size", "small");

    @Autowired ApplicationContext ctx;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired JudgmentService judgments;
    @Autowired ImageStore images;
    @TempDir Path tmp;

    @Test
    void one_follow_round() throws Exception {
        List<Long> comparisons = new DeliveryHarness(ctx).prepare("bench-world", Math.max(20, PAIRS / 4), tmp);
        assertThat(comparisons).hasSizeGreaterThanOrEqualTo(PAIRS);
        String annotator = DeliveryHarness.annotators("bench-world").get(0);
        for (long id : comparisons.subList(0, PAIRS)) {
            judgments.record(new RecordJudgment(id, JudgeKind.HUMAN, annotator, Verdict.A, 1, List.of(), null, 1000L, "bench:" + id));
        }
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort()))) {
            KafkaConnection kafka = KafkaConnection.local(broker.bootstrapServers());
            kafka.ensureTopics();
            try (OutboxRelay relay = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults("bench"), Clock.systemUTC(),
                    OutboxRelay.Faults.NONE)) {
                relay.start();
                DeliveryHarness.await("the judgments on the topic", Duration.ofMinutes(2), () -> relay.unpublished() == 0);
                long started = System.nanoTime();
                try (TrainerJar trainer = TrainerJar.startWithThreads(List.of("service", "--kafka", kafka.bootstrapServers(),
                                "--name", "bench", "--min-new-pairs", Integer.toString(PAIRS), "--size", SIZE, "--batch", "16"),
                        Map.of("GW_DATA_DIR", tmp.resolve("t").toString(), "GW_TRAINER_IMAGES_DIR", images.root().toString()),
                        tmp.resolve("t.log"), Runtime.getRuntime().availableProcessors())) {
                    Path round = tmp.resolve("t/artifacts/runs/bench/round-1");
                    DeliveryHarness.await("the round's checkpoint", Duration.ofMinutes(30),
                            () -> Files.exists(round.resolve(Checkpoint.STATE)));
                    double total = (System.nanoTime() - started) / 1e9;
                    Provenance p = Provenance.read(round);
                    Matcher steps = Pattern.compile("(\\d+) steps, from").matcher(trainer.output());
                    System.out.printf("[bench follow] %s model, %d pairs, %s steps of 16: %.1f s from process start to the"
                                    + " round's checkpoint (JVM start, consume, images, train, save); %s%n", SIZE, p.pairs(),
                            steps.find() ? steps.group(1) : "?", total, p.device());
                    System.out.println(trainer.output().lines().filter(l -> l.startsWith("[")).reduce((a, b) -> b).orElse(""));
                }
            }
        }
    }
}
