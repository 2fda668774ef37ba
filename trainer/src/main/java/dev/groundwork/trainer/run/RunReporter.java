package dev.groundwork.trainer.run;

import dev.groundwork.annotation.event.CheckpointSaved;
import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.annotation.event.TrainingMetrics;
import dev.groundwork.annotation.event.TrainingRunFinished;
import dev.groundwork.annotation.event.TrainingRunStarted;
import dev.groundwork.trainer.train.Provenance;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Reports one run's lifecycle as training events. Event ids are derived from the run id and what they report
 * ({@code started}, {@code metrics:<step>}, {@code checkpoint:<step>}, {@code finished}), so a run that is redone
 * after a crash (a follow round restarts from its parent checkpoint) publishes the same ids and the web
 * application, which dedups by event id, counts each step once.
 */
public final class RunReporter {

    private final TrainingEventSink sink;
    private final Clock clock;
    private final String runId;

    public RunReporter(TrainingEventSink sink, Clock clock, String runId) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runId = Objects.requireNonNull(runId, "runId");
    }

    /** A deterministic run id for a name (e.g. a follow round {@code follow:dpo:round-3}). */
    public static String runIdFor(String name) {
        return UUID.nameUUIDFromBytes(("groundwork:run:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String runId() {
        return runId;
    }

    private String eventId(String what) {
        return UUID.nameUUIDFromBytes(("groundwork:training:" + runId + ":" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public void started(String objective, Map<String, String> hyperParameters, long seed, String device, String data,
            String startedBy, int round, long totalSteps) {
        sink.publish(new TrainingRunStarted(eventId("started"), TrainingRunStarted.TYPE, TrainingRunStarted.SCHEMA_VERSION,
                clock.instant(), runId, objective, hyperParameters, seed, device, data, startedBy, round == 0 ? null : round,
                totalSteps));
    }

    public void metrics(long step, long totalSteps, Map<String, Double> metrics) {
        Map<String, Double> finite = new HashMap<>();
        metrics.forEach((name, value) -> {
            if (Double.isFinite(value)) {
                finite.put(name, value);
            }
        });
        sink.publish(new TrainingMetrics(eventId("metrics:" + step), TrainingMetrics.TYPE, TrainingMetrics.SCHEMA_VERSION,
                clock.instant(), runId, step, totalSteps, finite));
    }

    public void checkpoint(long step, URI uri, String provenanceJson, Provenance provenance) {
        sink.publish(new CheckpointSaved(eventId("checkpoint:" + step), CheckpointSaved.TYPE, CheckpointSaved.SCHEMA_VERSION,
                clock.instant(), runId, step, uri.toString(), provenanceJson, provenance.offsetRanges(), provenance.pairs(),
                provenance.policy().isEmpty() ? null : provenance.policy(), provenance.round() == 0 ? null : provenance.round(),
                provenance.judges()));
    }

    /** An evaluation (this reporter's run id is the evaluation's) wrote its report. */
    public void evaluated(String suite, String title, int items, long seed, List<EvaluationCompleted.EvaluatedCheckpoint> checkpoints,
            URI metrics, URI samples, URI html, URI pdf) {
        sink.publish(new EvaluationCompleted(eventId("evaluated"), EvaluationCompleted.TYPE, EvaluationCompleted.SCHEMA_VERSION,
                clock.instant(), runId, suite, title, items, seed, checkpoints, metrics.toString(), samples.toString(),
                html.toString(), pdf.toString()));
        sink.flush();
    }

    public void finished(String status, long steps, String error) {
        sink.publish(new TrainingRunFinished(eventId("finished"), TrainingRunFinished.TYPE, TrainingRunFinished.SCHEMA_VERSION,
                clock.instant(), runId, status, steps, error));
        sink.flush();
    }
}
