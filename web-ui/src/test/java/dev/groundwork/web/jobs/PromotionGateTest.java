package dev.groundwork.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.annotation.event.EvaluateAnswered.MetricDelta;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

    private static MetricDelta rate(String name, double difference, double lower, double upper) {
        return new MetricDelta(name, name, true, 0.2, 0.2 + difference, difference, lower, upper, 0.95);
    }

    private static MetricDelta f1(double difference, double lower, double upper) {
        return new MetricDelta("pope_f1_score_random", "POPE F1 random", false, 0.8, 0.8 + difference, difference, lower, upper,
                0.95);
    }

    @Test
    void a_candidate_whose_intervals_stay_within_the_margin_is_promoted() {
        PromotionGate.Verdict v = PromotionGate.judge(List.of(rate("CHAIR_i", -0.04, -0.07, -0.01), rate("count", 0.01, -0.02,
                0.04), f1(0.02, -0.03, 0.06)), 0.05);
        assertThat(v.promote()).isTrue();
        assertThat(v.failures()).isEmpty();
        // The closest call: F1 could be 0.03 worse (its lower end), count 0.04 worse.
        assertThat(v.summary()).startsWith("promoted").contains("3 metrics", "closest: count, at most 0.040 worse");
    }

    @Test
    void an_interval_past_the_margin_refuses_even_a_better_estimate_and_says_which_metric() {
        PromotionGate.Verdict v = PromotionGate.judge(List.of(rate("CHAIR_i", -0.01, -0.09, 0.07), rate("relation", 0.0, -0.01,
                0.01)), 0.05);
        assertThat(v.promote()).isFalse();
        assertThat(v.failures()).singleElement().asString().contains("CHAIR_i could be worse by up to 0.070",
                "change -0.010", "more than the margin 0.050");
        assertThat(v.summary()).startsWith("kept the current policy: CHAIR_i");
    }

    @Test
    void for_f1_the_worse_end_is_the_lower_one() {
        assertThat(PromotionGate.judge(List.of(f1(-0.01, -0.08, 0.06)), 0.05).failures()).singleElement().asString()
                .contains("POPE F1 random could be worse by up to 0.080");
        assertThat(PromotionGate.judge(List.of(f1(-0.01, -0.04, 0.06)), 0.05).promote()).isTrue();
        // A rate's upper end at exactly the margin is within it.
        assertThat(PromotionGate.judge(List.of(rate("CHAIR_s", 0.02, 0.0, 0.05)), 0.05).promote()).isTrue();
    }

    @Test
    void no_metrics_or_a_missing_interval_cannot_show_a_candidate_is_not_worse() {
        assertThat(PromotionGate.judge(List.of(), 0.05).promote()).isFalse();
        assertThat(PromotionGate.judge(List.of(rate("CHAIR_i", 0, Double.NaN, Double.NaN)), 0.05).failures()).singleElement()
                .asString().contains("no interval");
        assertThatThrownBy(() -> PromotionGate.judge(List.of(), -0.1)).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> PromotionGate.judge(List.of(), Double.NaN)).hasMessageContaining("at least 0");
    }
}
