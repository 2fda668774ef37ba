package dev.groundwork.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.EvaluateAnswered;
import dev.groundwork.annotation.event.EvaluateRequested;
import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.annotation.event.TrainingEvent;
import dev.groundwork.trainer.cli.TrainerCli;
import dev.groundwork.trainer.run.ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation asked for on the commands topic: a current policy (SFT) and a candidate (DPO from it) answer the
 * held-out scenes that follow the training world's; the report lands under {@code evaluations/<request>}, is announced
 * under the request's evaluation id, and the answer carries the candidate's paired differences on the gated metrics.
 */
class EvaluationRequestsTest {

    @TempDir Path tmp;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void dataDir() {
        System.setProperty("GW_DATA_DIR", tmp.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("GW_DATA_DIR");
    }

    private void train(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainerCli.run(args, new PrintStream(log, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    private EvaluateRequested request(String id, String... uris) {
        List<EvaluateRequested.Policy> policies = new ArrayList<>();
        String[] labels = uris.length == 2 ? new String[] {"current", "candidate"} : new String[] {"candidate"};
        for (int i = 0; i < uris.length; i++) {
            policies.add(new EvaluateRequested.Policy(labels[i], uris[i]));
        }
        return new EvaluateRequested("e-" + id, EvaluateRequested.TYPE, 1, Instant.parse("2026-12-02T05:00:00Z"), id, policies, 12, 7,
                2, "job:test");
    }

    @Test
    void the_answer_carries_the_candidates_paired_differences_and_the_report_is_announced_once_per_request() {
        Path sft = tmp.resolve("runs/sft");
        Path dpo = tmp.resolve("runs/dpo");
        train("train", "sft", "--steps", "3", "--scenes", "12", "--held-out", "2", "--out", sft.toString(), "--kafka", "none");
        train("train", "dpo", "--init", sft.toString(), "--steps", "2", "--scenes", "12", "--held-out", "2", "--out",
                dpo.toString(), "--kafka", "none");
        List<TrainingEvent> published = new ArrayList<>();
        EvaluationRequests requests = new EvaluationRequests(new ArtifactStore(tmp.resolve("artifacts")), published::add,
                EvaluationRun.Settings.defaults().withResamples(100), Clock.fixed(Instant.parse("2026-12-02T05:01:00Z"),
                        ZoneOffset.UTC), new PrintStream(log, true, StandardCharsets.UTF_8));

        EvaluateRequested request = request("req/1", ArtifactStore.uri(sft).toString(), ArtifactStore.uri(dpo).toString());
        EvaluateAnswered answer = requests.answer(request);

        assertThat(answer.outcome()).as(answer.message()).isEqualTo("EVALUATED");
        assertThat(answer.requestId()).isEqualTo("req/1");
        assertThat(answer.evaluationId()).isEqualTo("evaluation:req/1");
        assertThat(answer.reportUri()).endsWith("/artifacts/evaluations/req_1/report.html");
        assertThat(answer.deltas()).extracting(EvaluateAnswered.MetricDelta::metric)
                .contains("chair_i", "chair_s", "pope_f1_score_random").doesNotContain("cover", "pope_yes_ratio_random");
        EvaluateAnswered.MetricDelta chair = answer.deltas().stream().filter(d -> d.metric().equals("chair_i")).findFirst()
                .orElseThrow();
        assertThat(chair.lowerIsBetter()).isTrue();
        assertThat(chair.difference()).isCloseTo(chair.candidate() - chair.baseline(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(chair.lower()).isLessThanOrEqualTo(chair.upper());
        assertThat(chair.level()).isEqualTo(0.95);
        assertThat(answer.deltas().stream().filter(d -> d.metric().startsWith("pope_f1")).allMatch(d -> !d.lowerIsBetter()))
                .isTrue();
        assertThat(published).singleElement().isInstanceOfSatisfying(EvaluationCompleted.class, e -> {
            assertThat(e.runId()).isEqualTo("evaluation:req/1");
            assertThat(e.checkpoints()).extracting(EvaluationCompleted.EvaluatedCheckpoint::label)
                    .containsExactly("current", "candidate");
            assertThat(e.suite()).isEqualTo(WorldHeldOut.NAME);
            assertThat(e.title()).isEqualTo("current (runs/sft) vs candidate (runs/dpo) on world-heldout");
        });

        // Read again (a redelivered request): the same answer id and the same event id, so consumers apply it once.
        EvaluateAnswered again = requests.answer(request);
        assertThat(again.eventId()).isEqualTo(answer.eventId());
        assertThat(published).hasSize(2);
        assertThat(published.get(1).eventId()).isEqualTo(published.get(0).eventId());

        // One checkpoint (no current policy yet): evaluated, nothing to compare.
        EvaluateAnswered first = requests.answer(request("req-2", ArtifactStore.uri(sft).toString()));
        assertThat(first.outcome()).isEqualTo("EVALUATED");
        assertThat(first.deltas()).isEmpty();
    }

    @Test
    void a_checkpoint_that_cannot_be_read_fails_the_request_with_the_reason() {
        List<TrainingEvent> published = new ArrayList<>();
        EvaluationRequests requests = new EvaluationRequests(new ArtifactStore(tmp.resolve("artifacts")), published::add,
                EvaluationRun.Settings.defaults().withResamples(10), Clock.systemUTC(), new PrintStream(log, true,
                        StandardCharsets.UTF_8));
        Path missing = tmp.resolve("runs/none");
        EvaluateAnswered answer = requests.answer(request("bad", ArtifactStore.uri(missing).toString()));
        assertThat(answer.outcome()).isEqualTo("FAILED");
        assertThat(answer.message()).contains(missing.toString(), "is not a checkpoint the evaluation can load");
        EvaluateAnswered remote = requests.answer(request("remote", "s3://bucket/round-1/"));
        assertThat(remote.outcome()).isEqualTo("FAILED");
        assertThat(remote.message()).contains("not in the shared artifact store");
        assertThat(published).isEmpty();
    }
}
