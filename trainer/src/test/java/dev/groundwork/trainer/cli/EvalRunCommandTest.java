package dev.groundwork.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.annotation.event.TrainingEvent;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.evaluation.EvaluationRun;
import dev.groundwork.trainer.evaluation.PolicyCheckpoint;
import dev.groundwork.trainer.evaluation.WorldHeldOut;
import dev.groundwork.trainer.run.TrainingEventSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gw eval --checkpoint …}: two tiny checkpoints (SFT, then DPO from it) answer the held-out items of a small
 * world; the run writes metrics.json with every checkpoint's metrics, intervals and paired deltas, samples.jsonl with
 * the world's item ids, and the report in HTML and PDF; its event names those files by URI.
 */
class EvalRunCommandTest {

    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void dataDir() {
        System.setProperty("GW_DATA_DIR", tmp.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("GW_DATA_DIR");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return TrainerCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void eval_compares_checkpoints_and_writes_metrics_samples_and_the_report() throws Exception {
        Path sft = tmp.resolve("runs/sft");
        Path dpo = tmp.resolve("runs/dpo");
        assertThat(run("train", "sft", "--steps", "3", "--scenes", "12", "--held-out", "3", "--out", sft.toString(), "--kafka",
                "none")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(sft.resolve("model.json")).exists();
        assertThat(run("train", "dpo", "--init", sft.toString(), "--steps", "2", "--scenes", "12", "--held-out", "3", "--out",
                dpo.toString(), "--kafka", "none")).as(err.toString(StandardCharsets.UTF_8)).isZero();

        Path report = tmp.resolve("eval");
        assertThat(run("eval", "--checkpoint", "sft=" + sft, "--checkpoint", dpo.toString(), "--scenes", "12", "--held-out", "3",
                "--resamples", "200", "--out", report.toString(), "--kafka", "none"))
                .as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("evaluating 2 checkpoint(s) on world-heldout",
                "training events: not published (--kafka none)", "report.pdf");

        JsonNode metrics = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertThat(metrics.get("suite").asText()).isEqualTo("world-heldout");
        assertThat(metrics.get("title").asText()).isEqualTo("sft vs dpo on world-heldout");
        JsonNode cps = metrics.get("checkpoints");
        assertThat(cps).hasSize(2);
        assertThat(cps.get(1).get("label").asText()).isEqualTo("dpo");
        for (String name : List.of("pope_accuracy_random", "pope_f1_score_adversarial", "pope_yes_ratio_popular", "chair_i",
                "cover", "attribute_unparseable", "count_unparseable")) {
            assertThat(cps.get(0).get("metrics").has(name)).as(name).isTrue();
        }
        assertThat(cps.get(1).get("delta_vs_sft").get("pope_accuracy_random").get("ci")).hasSize(2);

        List<String> samples = Files.readAllLines(report.resolve("samples.jsonl"));
        int items = new WorldHeldOut(WorldConfig.defaults(15, 7), 12).cases().size();
        assertThat(samples).hasSize(2 * items);
        Set<String> ids = samples.stream().map(l -> readId(l)).collect(Collectors.toSet());
        assertThat(ids).contains("s000012-caption", "s000014-pope-adversarial-no").hasSize(items);
        assertThat(samples.get(0)).contains("\"checkpoint\":\"sft\"", "\"verdict\":");
        assertThat(report.resolve("report.html")).content().contains("sft vs dpo on world-heldout", "Before and after (against sft)");
        assertThat(Files.readAllBytes(report.resolve("report.pdf"))).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void the_event_names_the_files_and_the_headline_figures() throws Exception {
        Path sft = tmp.resolve("runs/sft");
        assertThat(run("train", "sft", "--steps", "2", "--scenes", "12", "--held-out", "2", "--out", sft.toString(), "--kafka",
                "none")).isZero();
        EvaluationRun.Settings settings = EvaluationRun.Settings.defaults().withResamples(50);
        EvaluationRun.Outcome outcome = new EvaluationRun(settings, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"),
                ZoneOffset.UTC), new PrintWriter(new StringWriter())).run(List.of(PolicyCheckpoint.read("sft", sft)),
                new WorldHeldOut(WorldConfig.defaults(14, 7), 12), tmp.resolve("e"));
        List<TrainingEvent> published = new ArrayList<>();
        TrainingEventSink sink = published::add;
        EvaluationOptions.publish(sink, outcome);
        assertThat(published).singleElement().isInstanceOf(EvaluationCompleted.class);
        EvaluationCompleted e = (EvaluationCompleted) published.get(0);
        assertThat(e.reportPdfUri()).startsWith("file:").endsWith("/e/report.pdf");
        assertThat(e.reportHtmlUri()).endsWith("/e/report.html");
        assertThat(e.checkpoints()).singleElement().satisfies(c -> {
            assertThat(c.label()).isEqualTo("sft");
            assertThat(c.objective()).isEqualTo("sft");
            assertThat(c.headline()).containsKeys("chair_i", "pope_accuracy_random", "pope_f1_score_adversarial");
        });
        assertThat(e.items()).isEqualTo(outcome.items());
    }

    @Test
    void eval_answers_popes_own_questions_about_a_directory_of_images() throws Exception {
        Path sft = tmp.resolve("runs/sft");
        assertThat(run("train", "sft", "--steps", "2", "--scenes", "12", "--held-out", "2", "--out", sft.toString(), "--kafka",
                "none")).isZero();
        Path questions = Path.of("src/test/resources/pope/questions.jsonl");
        Path images = tmp.resolve("val2014");
        Files.createDirectories(images);
        dev.groundwork.storage.world.World world = dev.groundwork.storage.world.World.generate(WorldConfig.defaults(2, 7));
        Set<String> names = Files.readAllLines(questions).stream()
                .map(l -> l.replaceAll(".*\"image\": \"([^\"]+)\".*", "$1")).collect(Collectors.toSet());
        for (String name : names) {
            Files.write(images.resolve(name), world.png(world.scenes().get(0)));
        }
        Path report = tmp.resolve("pope-eval");
        assertThat(run("eval", "--checkpoint", sft.toString(), "--suite", "pope", "--questions", questions.toString(), "--images",
                images.toString(), "--split", "adversarial", "--resamples", "50", "--out", report.toString(), "--kafka", "none"))
                .as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode metrics = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertThat(metrics.get("suite").asText()).isEqualTo("pope");
        assertThat(metrics.get("checkpoints").get(0).get("metrics").has("pope_accuracy_adversarial")).isTrue();
        List<String> samples = Files.readAllLines(report.resolve("samples.jsonl"));
        assertThat(samples).hasSize(Files.readAllLines(questions).size());
        assertThat(samples.get(0)).contains("\"question_id\":\"1\"");

        assertThat(run("eval", "--checkpoint", sft.toString(), "--suite", "pope", "--questions", questions.toString(), "--images",
                tmp.resolve("nowhere").toString(), "--out", report.toString(), "--kafka", "none")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 1: field image: no file");
    }

    @Test
    void eval_refuses_a_directory_that_is_no_checkpoint_and_an_unknown_suite() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        assertThat(run("eval", "--checkpoint", tmp.resolve("empty").toString(), "--kafka", "none")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a checkpoint the evaluation can load: it has no model.params");
        assertThat(run("eval", "--checkpoint", tmp.resolve("empty").toString(), "--suite", "nope")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown suite 'nope'");
        assertThat(run("eval")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give at least one --checkpoint");
    }

    private static String readId(String line) {
        try {
            return new ObjectMapper().readTree(line).get("question_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
