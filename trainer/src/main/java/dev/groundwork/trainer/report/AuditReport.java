package dev.groundwork.trainer.report;

import dev.groundwork.trainer.eval.Bootstrap;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an audit report shows, independent of how it is drawn: the checkpoints compared (the first is the baseline of
 * the deltas), every metric with its bootstrap interval per checkpoint and its paired difference to the baseline, the
 * worst hallucinations with their images, and each checkpoint's provenance. {@link ReportRenderer} turns it into
 * {@code report.html} and {@code report.pdf} from one template.
 *
 * @param title the report's title, e.g. {@code sft vs dpo vs mdpo on world-heldout}
 * @param suite the evaluation suite
 * @param createdAt when the evaluation finished
 * @param items how many items each checkpoint answered
 * @param seed the bootstrap seed
 * @param resamples the bootstrap resamples
 * @param checkpoints the checkpoints, in report order
 * @param metrics the metric rows, in report order
 * @param worst the worst hallucinations, worst first (the report shows them all; the run picks ten)
 * @param notes remarks shown under the summary (e.g. unparseable answers), may be empty
 */
public record AuditReport(String title, String suite, Instant createdAt, int items, long seed, int resamples,
        List<CheckpointInfo> checkpoints, List<MetricRow> metrics, List<WorstCase> worst, List<String> notes) {

    public AuditReport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(createdAt, "createdAt");
        checkpoints = List.copyOf(checkpoints);
        metrics = List.copyOf(metrics);
        worst = List.copyOf(worst);
        notes = List.copyOf(notes);
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one checkpoint");
        }
        for (MetricRow row : metrics) {
            if (row.values().size() != checkpoints.size()) {
                throw new IllegalArgumentException("metric " + row.name() + " has " + row.values().size()
                        + " values for " + checkpoints.size() + " checkpoints");
            }
        }
    }

    /**
     * A checkpoint and where it came from.
     *
     * @param label its short name in the report (column headers, chart legends)
     * @param uri where it lives in the artifact store
     * @param objective the objective that trained it
     * @param provenance its provenance as label → value, in display order (hyper-parameters, seed, data, device,
     *     code version, ...)
     */
    public record CheckpointInfo(String label, String uri, String objective, Map<String, String> provenance) {
        public CheckpointInfo {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(objective, "objective");
            provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        }
    }

    /** Which way a metric is better, for the arrows and the chart it goes into. */
    public enum Direction {
        LOWER_IS_BETTER,
        HIGHER_IS_BETTER,
        NEUTRAL
    }

    /**
     * One metric across the checkpoints.
     *
     * @param name its name in {@code metrics.json}, e.g. {@code chair_i} or {@code pope_f1_score_adversarial}
     * @param label how the report names it, e.g. {@code CHAIR_i}
     * @param group the section and chart it belongs to, see {@link #HALLUCINATION} and {@link #POPE}
     * @param direction which way is better
     * @param values per checkpoint, in report order: the estimate on all items and its bootstrap interval
     * @param deltas per checkpoint after the first: its paired difference to the first checkpoint, with interval
     *     (empty for a single checkpoint)
     */
    public record MetricRow(String name, String label, String group, Direction direction, List<Bootstrap.Interval> values,
            List<Bootstrap.Interval> deltas) {

        /** The group of the hallucination-rate chart: CHAIR, attribute, count and relation rates. */
        public static final String HALLUCINATION = "Hallucination rates";
        /** The group of the POPE chart. */
        public static final String POPE = "POPE";
        /** Other figures (Cover, accuracies): in the tables only. */
        public static final String OTHER = "Other";

        public MetricRow {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(direction, "direction");
            values = List.copyOf(values);
            deltas = List.copyOf(deltas);
            if (!deltas.isEmpty() && deltas.size() != values.size() - 1) {
                throw new IllegalArgumentException("metric " + name + " needs " + (values.size() - 1) + " deltas, has "
                        + deltas.size());
            }
        }
    }

    /**
     * A hallucinated answer shown with its image.
     *
     * @param checkpoint the label of the checkpoint that gave it
     * @param itemId the item's (benchmark's) id
     * @param category the item's category, e.g. {@code caption} or {@code pope-adversarial}
     * @param prompt the question
     * @param answer the checkpoint's answer
     * @param spans the hallucinated words, as character spans {@code [start, end)} of {@code answer}
     * @param why what is wrong, e.g. {@code "star" is not in the image}
     * @param imagePng the item's image as PNG, when there is one
     */
    public record WorstCase(String checkpoint, String itemId, String category, String prompt, String answer,
            List<Span> spans, String why, Optional<byte[]> imagePng) {
        public WorstCase {
            spans = List.copyOf(spans);
            for (Span s : spans) {
                if (s.end() > answer.length()) {
                    throw new IllegalArgumentException("span " + s + " is past the end of answer '" + answer + "'");
                }
            }
        }
    }

    /** Characters {@code [start, end)} of a text. */
    public record Span(int start, int end) {
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
            }
        }
    }
}
