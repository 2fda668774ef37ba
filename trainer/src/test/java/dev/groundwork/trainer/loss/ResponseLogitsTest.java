package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TRL's logits/chosen and logits/rejected: logits[rows][loss_mask].mean() after the one-position shift. */
class ResponseLogitsTest extends DjlTestSupport {

    /**
     * Two pairs, T = 3, V = 2; rows 0, 1 chosen, rows 2, 3 rejected. Logits (row: t0, t1, t2) and response masks:
     *
     * <pre>
     *   row 0: [1, 3]   [2, 2]  [100, 100]   mask [0, 1, 1]  → positions t0, t1 predict response tokens: 4 + 4
     *   row 1: [0, 0]   [5, 7]  [9, 9]       mask [0, 0, 1]  → t1: 12
     *   row 2: [−1, −3] [0, 0]  [50, 50]     mask [0, 1, 0]  → t0: −4
     *   row 3: [8, 8]   [8, 8]  [8, 8]       mask [0, 0, 0]  → nothing
     * </pre>
     *
     * logits/chosen = (8 + 12) / (3 positions · 2 entries) = 10/3 (a mean of per-row means would be (2 + 6)/2 = 4);
     * logits/rejected = −4 / (1 · 2) = −2. The last position (t2) never counts: it predicts nothing.
     */
    @Test
    void pools_the_logits_of_every_position_that_predicts_a_response_token() {
        try (NDManager sm = newSubManager()) {
            NDArray logits = sm.create(new float[] {
                1, 3, 2, 2, 100, 100,
                0, 0, 5, 7, 9, 9,
                -1, -3, 0, 0, 50, 50,
                8, 8, 8, 8, 8, 8}, new Shape(4, 3, 2));
            logits.setRequiresGradient(true);
            NDArray mask = sm.create(new float[] {0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0}, new Shape(4, 3));
            Map<String, Double> metrics = ResponseLogits.metrics(logits, mask, 2);
            assertThat(metrics.keySet()).containsExactly(MetricNames.LOGITS_CHOSEN, MetricNames.LOGITS_REJECTED);
            assertClose("logits/chosen", metrics.get("logits/chosen"), 10.0 / 3, F32);
            assertClose("logits/rejected", metrics.get("logits/rejected"), -2.0, F32);
            assertThat(ResponseLogits.mean(logits, mask, 3, 4)).as("a row without response tokens").isNaN();
            assertThatIllegalArgumentException().isThrownBy(() -> ResponseLogits.mean(logits, mask, 2, 5))
                    .withMessageContaining("rows [2, 5)");
        }
    }
}
