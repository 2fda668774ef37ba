package dev.groundwork.trainer.evaluation;

import dev.groundwork.trainer.report.AuditReport.Direction;
import dev.groundwork.trainer.report.AuditReport.MetricRow;
import java.util.ArrayList;
import java.util.List;

/** The metrics an evaluation report shows, in order: name in {@code metrics.json}, label, chart group and direction. */
final class ReportMetrics {

    record Spec(String name, String label, String group, Direction direction) {}

    static final List<Spec> ALL;

    static {
        List<Spec> s = new ArrayList<>();
        s.add(new Spec("chair_i", "CHAIR_i", MetricRow.HALLUCINATION, Direction.LOWER_IS_BETTER));
        s.add(new Spec("chair_s", "CHAIR_s", MetricRow.HALLUCINATION, Direction.LOWER_IS_BETTER));
        s.add(new Spec("attribute_hallucination_rate", "attribute", MetricRow.HALLUCINATION, Direction.LOWER_IS_BETTER));
        s.add(new Spec("count_hallucination_rate", "count", MetricRow.HALLUCINATION, Direction.LOWER_IS_BETTER));
        s.add(new Spec("relation_hallucination_rate", "relation", MetricRow.HALLUCINATION, Direction.LOWER_IS_BETTER));
        s.add(new Spec("pope_false_yes_rate_adversarial", "false-yes adversarial", MetricRow.HALLUCINATION,
                Direction.LOWER_IS_BETTER));
        s.add(new Spec("pope_false_yes_rate_random", "false-yes random", MetricRow.HALLUCINATION,
                Direction.LOWER_IS_BETTER));
        s.add(new Spec("cover", "Cover", MetricRow.OTHER, Direction.HIGHER_IS_BETTER));
        s.add(new Spec("hal", "Hal", MetricRow.OTHER, Direction.LOWER_IS_BETTER));
        for (String split : List.of("random", "popular", "adversarial")) {
            s.add(new Spec("pope_f1_score_" + split, "POPE F1 " + split, MetricRow.POPE, Direction.HIGHER_IS_BETTER));
        }
        for (String split : List.of("random", "popular", "adversarial")) {
            s.add(new Spec("pope_accuracy_" + split, "POPE accuracy " + split, MetricRow.OTHER, Direction.HIGHER_IS_BETTER));
        }
        for (String split : List.of("random", "popular", "adversarial")) {
            s.add(new Spec("pope_yes_ratio_" + split, "POPE yes-ratio " + split, MetricRow.OTHER, Direction.NEUTRAL));
        }
        ALL = List.copyOf(s);
    }

    /** The headline figures an {@code EvaluationCompleted} event carries per checkpoint. */
    static final List<String> HEADLINE = List.of("chair_i", "chair_s", "cover", "attribute_hallucination_rate",
            "count_hallucination_rate", "relation_hallucination_rate", "pope_accuracy_random", "pope_f1_score_random",
            "pope_f1_score_adversarial", "pope_yes_ratio_adversarial", "pope_false_yes_rate_random",
            "pope_false_yes_rate_adversarial");

    private ReportMetrics() {}
}
