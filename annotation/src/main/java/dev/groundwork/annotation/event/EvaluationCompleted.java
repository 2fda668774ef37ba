package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An evaluation of one or more checkpoints finished and wrote its files (metrics, per-sample records, the audit report
 * in HTML and PDF) to the artifact store. Keyed, like every training event, by {@link #runId()}: here the evaluation's
 * own id. The web application stores it as an EvaluationReport.
 *
 * @param suite what was evaluated, e.g. {@code world-heldout} or {@code pope}
 * @param title a one-line title for lists, e.g. {@code sft vs dpo vs mdpo on world-heldout}
 * @param items how many items (probes, questions, captions) each checkpoint answered
 * @param seed the seed of the bootstrap intervals
 * @param checkpoints the checkpoints compared, in report order (the first is the baseline of the deltas)
 * @param metricsUri {@code metrics.json}
 * @param samplesUri {@code samples.jsonl}
 * @param reportHtmlUri {@code report.html} (self-contained: images are inline)
 * @param reportPdfUri {@code report.pdf}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationCompleted(String eventId, String type, int schemaVersion, Instant occurredAt, String runId,
        String suite, String title, int items, long seed, List<EvaluatedCheckpoint> checkpoints, String metricsUri,
        String samplesUri, String reportHtmlUri, String reportPdfUri) implements TrainingEvent {

    public static final String TYPE = "EvaluationCompleted";
    public static final int SCHEMA_VERSION = 1;

    /**
     * One evaluated checkpoint.
     *
     * @param label its name in the report, e.g. {@code sft} or {@code dpo}
     * @param uri where the checkpoint lives in the artifact store
     * @param objective the objective that trained it ({@code sft}, {@code dpo}, {@code mdpo}, ...), from its provenance
     * @param headline the headline figures, with metrics.json's names (e.g. {@code chair_i},
     *     {@code pope_f1_score_adversarial})
     */
    public record EvaluatedCheckpoint(String label, String uri, String objective, Map<String, Double> headline) {
        public EvaluatedCheckpoint {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(uri, "uri");
            objective = objective == null ? "" : objective;
            headline = headline == null ? Map.of() : Map.copyOf(headline);
        }
    }

    public EvaluationCompleted {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(title, "title");
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        Objects.requireNonNull(reportHtmlUri, "reportHtmlUri");
        Objects.requireNonNull(reportPdfUri, "reportPdfUri");
    }
}
