package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The trainer service's answer to an {@link EvaluateRequested}.
 *
 * @param outcome {@code EVALUATED} (the report is announced as the {@link EvaluationCompleted} {@code evaluationId})
 *     or {@code FAILED} ({@code message} says why)
 * @param reportUri the report's HTML file
 * @param deltas with two checkpoints: the second's paired difference to the first on each hallucination and POPE
 *     metric, with its bootstrap interval; empty for one checkpoint
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluateAnswered(String eventId, String type, int schemaVersion, Instant occurredAt, String requestId,
        String outcome, String evaluationId, String reportUri, List<MetricDelta> deltas, String message)
        implements ServiceCommandEvent {

    public static final String TYPE = "EvaluateAnswered";
    public static final int SCHEMA_VERSION = 1;
    public static final List<String> OUTCOMES = List.of("EVALUATED", "FAILED");

    /**
     * A metric of the candidate against the baseline.
     *
     * @param metric its name in {@code metrics.json}, e.g. {@code chair_i}
     * @param label how the report names it
     * @param lowerIsBetter true for a hallucination rate, false for e.g. POPE F1
     * @param baseline the baseline's estimate on all items
     * @param candidate the candidate's estimate on all items
     * @param difference candidate minus baseline on all items
     * @param lower the lower end of the difference's paired bootstrap interval
     * @param upper its upper end
     * @param level the interval's confidence level, e.g. 0.95
     */
    public record MetricDelta(String metric, String label, boolean lowerIsBetter, double baseline, double candidate,
            double difference, double lower, double upper, double level) {
        public MetricDelta {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(label, "label");
        }
    }

    public EvaluateAnswered {
        Objects.requireNonNull(requestId, "requestId");
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be one of " + OUTCOMES + ", was " + outcome);
        }
        deltas = deltas == null ? List.of() : List.copyOf(deltas);
    }
}
