package dev.groundwork.web.reports;

import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.annotation.event.EvaluationCompleted.EvaluatedCheckpoint;
import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.eval.Bootstrap;
import dev.groundwork.trainer.report.AuditReport;
import dev.groundwork.trainer.report.ReportRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Evaluation reports for the tests: the event the trainer publishes, and small real report files it would write. */
public final class TestReports {

    /** The summary line {@link #writeFiles} puts in the report's HTML (and its PDF): the dpo checkpoint's CHAIR_i. */
    public static final String HEADLINE = "dpo: CHAIR_i 0.125";

    private TestReports() {}

    /** sft vs dpo on {@code suite}: sft CHAIR_i 0.312, POPE adversarial F1 0.701; dpo 0.125 and 0.802. */
    public static EvaluationCompleted event(String key, String title, String suite, Path dir, Instant at) {
        return new EvaluationCompleted(UUID.randomUUID().toString(), EvaluationCompleted.TYPE,
                EvaluationCompleted.SCHEMA_VERSION, at, key, suite, title, 40, 7,
                List.of(new EvaluatedCheckpoint("sft", "file:///artifacts/runs/sft/", "sft",
                                Map.of("chair_i", 0.312, "chair_s", 0.55, "pope_f1_score_adversarial", 0.701)),
                        new EvaluatedCheckpoint("dpo", "file:///artifacts/runs/dpo/", "dpo",
                                Map.of("chair_i", 0.125, "chair_s", 0.3, "pope_f1_score_adversarial", 0.802))),
                dir.resolve("metrics.json").toUri().toString(), dir.resolve("samples.jsonl").toUri().toString(),
                dir.resolve("report.html").toUri().toString(), dir.resolve("report.pdf").toUri().toString());
    }

    /**
     * Writes the trainer's own audit report for {@link #event}'s figures ({@code report.html} and {@code report.pdf},
     * rendered by {@link ReportRenderer} with two world scenes as worst cases), and small metrics and samples files,
     * into {@code dir}.
     */
    public static void writeFiles(Path dir, String title) throws IOException {
        Files.createDirectories(dir);
        World world = World.generate(WorldConfig.defaults(4, 7));
        List<AuditReport.CheckpointInfo> cps = List.of(
                new AuditReport.CheckpointInfo("sft", "file:///artifacts/runs/sft/", "sft", Map.of("seed", "1")),
                new AuditReport.CheckpointInfo("dpo", "file:///artifacts/runs/dpo/", "dpo", Map.of("seed", "1", "beta", "0.1")));
        List<AuditReport.MetricRow> rows = List.of(
                row("chair_i", "CHAIR_i", AuditReport.MetricRow.HALLUCINATION, 0.312, 0.125),
                row("chair_s", "CHAIR_s", AuditReport.MetricRow.HALLUCINATION, 0.55, 0.3),
                row("pope_f1_score_adversarial", "POPE F1 adversarial", AuditReport.MetricRow.POPE, 0.701, 0.802));
        List<AuditReport.WorstCase> worst = new ArrayList<>();
        for (Scene scene : world.scenes().subList(0, 2)) {
            String answer = "A large red circle and a small blue star.";
            worst.add(new AuditReport.WorstCase("sft", scene.name() + "-caption", "caption", "Describe the image.", answer,
                    List.of(new AuditReport.Span(answer.indexOf("star"), answer.indexOf("star") + 4)),
                    "not in the image: star", Optional.of(world.png(scene))));
        }
        new ReportRenderer().write(new AuditReport(title, "world-heldout", Instant.parse("2026-12-01T12:00:00Z"), 40, 7, 200,
                cps, rows, worst, List.of()), dir);
        Files.writeString(dir.resolve("metrics.json"), "{\"sft\":{\"chair_i\":0.312},\"dpo\":{\"chair_i\":0.125}}\n");
        Files.writeString(dir.resolve("samples.jsonl"), "");
    }

    private static AuditReport.MetricRow row(String name, String label, String group, double sft, double dpo) {
        return new AuditReport.MetricRow(name, label, group, AuditReport.Direction.NEUTRAL,
                List.of(new Bootstrap.Interval(sft, sft - 0.05, sft + 0.05, 0.95), new Bootstrap.Interval(dpo, dpo - 0.05, dpo + 0.05, 0.95)),
                List.of(new Bootstrap.Interval(dpo - sft, dpo - sft - 0.04, dpo - sft + 0.04, 0.95)));
    }
}
