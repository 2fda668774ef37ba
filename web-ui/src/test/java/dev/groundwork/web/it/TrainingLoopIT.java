package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.run.RunReporter;
import dev.groundwork.web.cli.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop from judgment to checkpoint, with every part real and the trainer in its own process:
 *
 * <ol>
 *   <li>the workbench (real Keycloak, broker, web application on H2, outbox relay; {@link Workbench}) gets a
 *       dataset of its own, comparisons and three annotators;
 *   <li>the test records scripted human and critic judgments through the annotation service: each lands in the
 *       outbox with its event, and the relay publishes it to {@code groundwork.judgments.v1};
 *   <li>the trainer service starts as a process from its jar ({@code service --dataset loop-world
 *       --min-new-pairs 6}); it consumes the topic into its pair buffer and, once it has caught up and 6 pairs are
 *       in, fetches their images from the workbench's image endpoint over HTTP with a client-credentials token of
 *       the {@code groundwork-trainer} service account, and trains a DPO round;
 *   <li>it reports the run, its metrics and its checkpoint on {@code groundwork.training-events.v1}; the web
 *       application consumes them into its training_run, metric_point and checkpoint tables;
 *   <li>the test checks those rows, the checkpoint's provenance (offset ranges, and a pair count equal to the count
 *       worked out below from the scripted votes) and that the images came over HTTP into the trainer's cache.
 * </ol>
 *
 * The votes, per comparison (preference policy: humans outrank the critic; critic-only pairs are off; an A/B tie
 * makes no pair):
 * <pre>
 *   c0–c3   human A, human A        -> pair, chosen A        4
 *   c4–c5   human A, human B        -> tie, no pair          0
 *   c6–c7   human TIE               -> no pair               0
 *   c8–c9   critic A only           -> no pair (critic-only) 0
 *   c10–c11 human B, critic A       -> pair, chosen B        2
 *                                                     total  6
 * </pre>
 */
class TrainingLoopIT {

    static final String DATASET = "loop-world";
    static final int EXPECTED_PAIRS = 6;

    @TempDir Path tmp;

    @Test
    void judgments_flow_through_the_outbox_and_kafka_into_a_dpo_round_that_the_workbench_records() throws Exception {
        Workbench wb = Workbench.get();
        var ctx = wb.web;
        World.generate(WorldConfig.defaults(4, 404)).writeDataset(tmp.resolve(DATASET), DATASET);
        ctx.getBean(DatasetImporter.class).importDataset(tmp.resolve(DATASET), Optional.empty(), "loop-test");
        ctx.getBean(ComparisonService.class).createForDataset(DATASET, PairingMode.FIRST_VS_REST, 5, "loop-test");
        List<String> annotators = List.of("loop-ann1", "loop-ann2", "loop-ann3");
        AssignmentService assignments = ctx.getBean(AssignmentService.class);
        annotators.forEach(a -> assignments.ensureAnnotator(a, a, "annotator"));
        assignments.assign(DATASET, annotators, 3, 9, "loop-test");
        List<Long> c = wb.jdbc.queryForList("select c.id from comparison c join item i on i.id = c.item_id"
                + " join dataset d on d.id = i.dataset_id where d.name = ? order by c.id", Long.class, DATASET);
        assertThat(c).hasSizeGreaterThanOrEqualTo(12);

        JudgmentService judgments = ctx.getBean(JudgmentService.class);
        for (int i = 0; i < 4; i++) {
            human(judgments, c.get(i), "loop-ann1", Verdict.A);
            human(judgments, c.get(i), "loop-ann2", Verdict.A);
        }
        for (int i = 4; i < 6; i++) {
            human(judgments, c.get(i), "loop-ann1", Verdict.A);
            human(judgments, c.get(i), "loop-ann2", Verdict.B);
        }
        for (int i = 6; i < 8; i++) {
            human(judgments, c.get(i), "loop-ann1", Verdict.TIE);
        }
        for (int i = 8; i < 10; i++) {
            critic(judgments, c.get(i), Verdict.A);
        }
        for (int i = 10; i < 12; i++) {
            human(judgments, c.get(i), "loop-ann3", Verdict.B);
            critic(judgments, c.get(i), Verdict.A);
        }
        await("the relay to publish the scripted judgments", Duration.ofSeconds(60), () -> wb.pipeline.relay().unpublished() == 0);

        Path data = tmp.resolve("trainer-data");
        try (ServiceProcess trainer = ServiceProcess.start(ServiceProcess.Service.TRAINER, List.of("service", "--kafka", wb.pipeline.kafka().bootstrapServers(),
                        "--objective", "dpo", "--dataset", DATASET, "--min-new-pairs", Integer.toString(EXPECTED_PAIRS),
                        "--name", "loop", "--size", "tiny", "--steps", "6", "--batch", "4", "--group", "loop-trainer"),
                Map.of("GW_DATA_DIR", data.toString(), "GW_IMAGE_BASE_URL", wb.appUrl.toString(),
                        "GW_OIDC_ISSUER", wb.keycloak.issuerUri().toString(), "GW_TRAINER_IMAGES_DIR", "",
                        "GW_TRAINER_CLIENT_SECRET", wb.keycloak.config().trainerClientSecret()),
                tmp.resolve("trainer.log"))) {
            String runKey = RunReporter.runIdFor("loop:round-1");
            await("the workbench to record the trainer's finished round", Duration.ofMinutes(5), () -> {
                if (!trainer.isAlive()) {
                    throw new AssertionError("the trainer service exited:\n" + read(trainer.log()));
                }
                return "SUCCEEDED".equals(status(wb, runKey)) || "FAILED".equals(status(wb, runKey));
            });
            assertThat(status(wb, runKey)).as("run status; trainer log:\n%s", read(trainer.log())).isEqualTo("SUCCEEDED");
            Map<String, Object> run = wb.jdbc.queryForMap("select * from training_run where run_key = ?", runKey);
            assertThat(run.get("objective")).isEqualTo("dpo");
            assertThat(run.get("round_number")).isEqualTo(1);
            assertThat(run.get("created_by")).isEqualTo("service:follow");
            Long runId = (Long) run.get("id");
            assertThat(wb.jdbc.queryForObject("select count(distinct step) from metric_point where run_id = ? and name = 'loss'",
                    Long.class, runId)).isEqualTo(6);
            assertThat(wb.jdbc.queryForObject("select count(*) from metric_point where run_id = ? and name = 'rewards/margins'",
                    Long.class, runId)).isEqualTo(6);

            Map<String, Object> checkpoint = wb.jdbc.queryForMap("select * from checkpoint where run_id = ?", runId);
            assertThat(checkpoint.get("step")).isEqualTo(6L);
            assertThat(((Number) checkpoint.get("pair_count")).intValue()).isEqualTo(EXPECTED_PAIRS);
            JsonNode provenance = new ObjectMapper().readTree((String) checkpoint.get("provenance"));
            assertThat(provenance.get("pairs").asInt()).as("the pairs worked out from the scripted votes").isEqualTo(EXPECTED_PAIRS);
            assertThat(provenance.get("policy").asText()).isNotBlank();
            JsonNode ranges = provenance.get("offsetRanges");
            assertThat(ranges.size()).isPositive();
            long records = 0;
            for (JsonNode r : ranges) {
                assertThat(r.get("topic").asText()).isEqualTo("groundwork.judgments.v1");
                assertThat(r.get("fromOffset").asLong()).isZero();
                records += r.get("toOffset").asLong() - r.get("fromOffset").asLong();
            }
            assertThat(records).as("the ranges cover at least the 18 scripted judgments").isGreaterThanOrEqualTo(18);
            assertThat(Path.of(java.net.URI.create((String) checkpoint.get("path"))).resolve("model.params")).exists();

            Path cache = data.resolve("trainer/image-cache");
            try (Stream<Path> files = Files.walk(cache)) {
                assertThat(files.filter(Files::isRegularFile).count()).as("images fetched over HTTP into %s", cache).isPositive();
            }
            assertThat(read(trainer.log())).contains(wb.appUrl + " as groundwork-trainer");
        }
    }

    private static void human(JudgmentService judgments, long comparison, String annotator, Verdict verdict) {
        judgments.record(new RecordJudgment(comparison, JudgeKind.HUMAN, annotator, verdict, 1, List.of(), null, 1500L,
                "loop:" + annotator + ":" + comparison));
    }

    private static void critic(JudgmentService judgments, long comparison, Verdict verdict) {
        judgments.record(new RecordJudgment(comparison, JudgeKind.CRITIC, "loop-critic", verdict, 1, List.of(), null, null,
                "loop:critic:" + comparison));
    }

    private static String status(Workbench wb, String runKey) {
        List<String> s = wb.jdbc.queryForList("select status from training_run where run_key = ?", String.class, runKey);
        return s.isEmpty() ? null : s.get(0);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
