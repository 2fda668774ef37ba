package dev.groundwork.trainer.evaluation;

import dev.groundwork.annotation.event.EvaluateAnswered;
import dev.groundwork.annotation.event.EvaluateRequested;
import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.report.AuditReport;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.run.RunReporter;
import dev.groundwork.trainer.run.TrainingEventSink;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The trainer service's evaluations on request ({@link EvaluateRequested} on the commands topic): the checkpoints
 * answer the held-out world, the report is written under {@code evaluations/<request id>} in the artifact store and
 * announced as an {@link EvaluationCompleted} with the request's evaluation id, and the answer carries the candidate's
 * paired differences to the baseline on every hallucination and POPE metric. A request read twice writes the same
 * report again and publishes events with the same ids, which every consumer applies once.
 */
public final class EvaluationRequests {

    private final ArtifactStore store;
    private final TrainingEventSink events;
    private final EvaluationRun.Settings settings;
    private final Clock clock;
    private final PrintStream out;

    public EvaluationRequests(ArtifactStore store, TrainingEventSink events, EvaluationRun.Settings settings, Clock clock,
            PrintStream out) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Evaluates what the request names; FAILED (with the reason) when a checkpoint cannot be read or the run fails. */
    public EvaluateAnswered answer(EvaluateRequested request) {
        String id = UUID.nameUUIDFromBytes(("groundwork:evaluate-answer:" + request.requestId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        try {
            List<PolicyCheckpoint> policies = new ArrayList<>();
            for (EvaluateRequested.Policy p : request.checkpoints()) {
                policies.add(PolicyCheckpoint.read(p.label(), directory(p.uri())));
            }
            WorldHeldOut suite = new WorldHeldOut(WorldConfig.defaults(request.worldScenes() + request.heldOut(),
                    request.worldSeed()), request.worldScenes());
            Path dir = store.root().resolve("evaluations").resolve(request.requestId().replaceAll("[^A-Za-z0-9._-]", "_"));
            out.printf("evaluate: %s asks for %s on %s (request %s)%n", request.requestedBy(),
                    String.join(" vs ", policies.stream().map(PolicyCheckpoint::label).toList()), suite.description(),
                    request.requestId());
            // The report says which checkpoints these are, not only their roles: "candidate (demo-dpo/round-2) vs …".
            String title = String.join(" vs ", policies.stream().map(p -> p.label() + " (" + shortName(p.directory()) + ")")
                    .toList()) + " on " + suite.name();
            EvaluationRun.Outcome outcome = new EvaluationRun(settings.withTitle(title), clock, new PrintWriter(out, true))
                    .run(policies, suite, dir);
            publish(events, outcome, request.evaluationId());
            return new EvaluateAnswered(id, EvaluateAnswered.TYPE, EvaluateAnswered.SCHEMA_VERSION, clock.instant(),
                    request.requestId(), "EVALUATED", request.evaluationId(), ArtifactStore.uri(outcome.html()).toString(),
                    deltas(outcome.report()), null);
        } catch (RuntimeException e) {
            out.println("evaluate: request " + request.requestId() + " failed: " + e.getMessage());
            return new EvaluateAnswered(id, EvaluateAnswered.TYPE, EvaluateAnswered.SCHEMA_VERSION, clock.instant(),
                    request.requestId(), "FAILED", null, null, List.of(), String.valueOf(e.getMessage()));
        }
    }

    /** Publishes the outcome as an {@link EvaluationCompleted} under {@code evaluationId}. */
    public static void publish(TrainingEventSink events, EvaluationRun.Outcome outcome, String evaluationId) {
        RunReporter reporter = new RunReporter(events, Clock.systemUTC(), evaluationId);
        reporter.evaluated(outcome.suite(), outcome.title(), outcome.items(), outcome.report().seed(), outcome.checkpoints().stream()
                        .map(s -> new EvaluationCompleted.EvaluatedCheckpoint(s.checkpoint().label(), s.checkpoint().uri(),
                                s.checkpoint().provenance().objective(), s.headline()))
                        .toList(),
                ArtifactStore.uri(outcome.metrics()), ArtifactStore.uri(outcome.samples()), ArtifactStore.uri(outcome.html()),
                ArtifactStore.uri(outcome.pdf()));
    }

    /**
     * The second checkpoint's paired differences to the first on the metrics a promotion is judged by: the
     * hallucination rates and POPE F1 (not the neutral yes-ratio, nor Cover and accuracies).
     */
    static List<EvaluateAnswered.MetricDelta> deltas(AuditReport report) {
        List<EvaluateAnswered.MetricDelta> out = new ArrayList<>();
        for (AuditReport.MetricRow row : report.metrics()) {
            boolean gated = row.group().equals(AuditReport.MetricRow.HALLUCINATION) || row.group().equals(AuditReport.MetricRow.POPE);
            if (!gated || row.direction() == AuditReport.Direction.NEUTRAL || row.deltas().isEmpty()) {
                continue;
            }
            var d = row.deltas().get(0);
            out.add(new EvaluateAnswered.MetricDelta(row.name(), row.label(), row.direction() == AuditReport.Direction.LOWER_IS_BETTER,
                    row.values().get(0).estimate(), row.values().get(1).estimate(), d.estimate(), d.lower(), d.upper(), d.level()));
        }
        return out;
    }

    /** The checkpoint directory's last two names, e.g. {@code demo-dpo/round-2}. */
    static String shortName(Path directory) {
        int n = directory.getNameCount();
        return n >= 2 ? directory.getName(n - 2) + "/" + directory.getName(n - 1) : directory.toString();
    }

    private static Path directory(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint '" + uri + "' is not a URI");
        }
        if (!"file".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("checkpoint " + uri + " is not in the shared artifact store (a file: URI)");
        }
        return Path.of(parsed);
    }
}
