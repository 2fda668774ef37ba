package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * ipo: ℓ(z) = (z − 1/(2β))², hence ℓ′(z) = 2·(z − 1/(2β)), with z from log-probabilities averaged over each
 * response's tokens (TRL). The formula tests pass token counts of 1, so that the sums are the averages; the last tests
 * pass real counts to the very call {@code DpoTrainer} makes.
 */
class DpoIpoLossTest extends DpoTestSupport {

    /** Runs {@code loss} on {@code batch} with every response one token long. */
    static Run runDpo(DpoLoss loss, PreferenceBatch batch, DataType type) {
        double[] ones = new double[batch.size()];
        Arrays.fill(ones, 1);
        return run(type, flags(true, true, false, false, false, false), a -> loss.compute(a[0], a[1], a[2], a[3], a[4], a[5]),
                batch.policyChosen(), batch.policyRejected(), batch.referenceChosen(), batch.referenceRejected(), ones, ones);
    }

    static DoubleUnaryOperator loss(double beta) {
        return z -> (z - 1 / (2 * beta)) * (z - 1 / (2 * beta));
    }

    static DoubleUnaryOperator derivative(double beta) {
        return z -> 2 * (z - 1 / (2 * beta));
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_at_beta_one_tenth() {
        // target margin 1/(2β) = 5
        Run run = runDpo(DpoLoss.of(DpoLossType.IPO, 0.1), PreferenceBatch.THREE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.THREE, 0.1, loss(0.1), derivative(0.1), F64);
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_at_beta_one_half() {
        // target margin 1: loss = ((0.375−1)² + (−5.5)² + (−2)² + 1.625²)/4
        Run run = runDpo(DpoLoss.of(DpoLossType.IPO, 0.5), PreferenceBatch.FOUR, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.FOUR, 0.5, loss(0.5), derivative(0.5), F64);
        assertClose("loss", run.loss(), (0.390625 + 30.25 + 4 + 2.640625) / 4, F64);
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_at_beta_two() {
        // target margin 1/4
        Run run = runDpo(DpoLoss.of(DpoLossType.IPO, 2.0), PreferenceBatch.THREE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.THREE, 2.0, loss(2.0), derivative(2.0), F64);
    }

    @Test
    void stays_finite_with_logits_of_plus_or_minus_one_hundred() {
        Run run = runDpo(DpoLoss.of(DpoLossType.IPO, 0.5), PreferenceBatch.HUGE_LOGITS, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.HUGE_LOGITS, 0.5, loss(0.5), derivative(0.5), F64);
        assertClose("loss", run.loss(), (99.0 * 99.0 + 101.0 * 101.0) / 2, F64);
    }

    @Test
    void computes_in_float32_within_relative_1e_5() {
        Run run = runDpo(DpoLoss.of(DpoLossType.IPO, 2.0), PreferenceBatch.FOUR, DataType.FLOAT32);
        assertThat(run.lossType()).isEqualTo(DataType.FLOAT32);
        assertMatches(run, PreferenceBatch.FOUR, 2.0, loss(2.0), derivative(2.0), F32);
    }

    /**
     * β = ½, so the target margin is 1/(2β) = 1. Summed log-probs and response lengths:
     *
     * <pre>
     *   pair 1: πw = −6  (n_w = 3), refw = −4.5, πl = −8  (n_l = 4), refl = −10
     *   pair 2: πw = −3  (n_w = 2), refw = −4,   πl = −16 (n_l = 8), refl = −12
     * </pre>
     *
     * Averages: pair 1 πw −2, refw −1.5, πl −2, refl −2.5 → z₁ = (−2 + 1.5) − (−2 + 2.5) = −1, ℓ₁ = (−1 − 1)² = 4;
     * pair 2 πw −1.5, refw −2, πl −2, refl −1.5 → z₂ = 0.5 − (−0.5) = 1, ℓ₂ = 0. Loss = (4 + 0)/2 = 2.
     * (The sums would give z = −3.5 and 5, loss ((−4.5)² + 4²)/2 = 18.125.)
     * Gradients ∂L/∂πw_i = ℓ′(z_i)/(B·n_w,i): 2·(−2)/(2·3) = −2/3 and 0; ∂L/∂πl_i = −ℓ′(z_i)/(B·n_l,i): 4/(2·4) = ½
     * and 0. logps/chosen = mean(−2, −1.5) = −1.75, logps/rejected = −2, rewards/chosen = ½·mean(−0.5, 0.5) = 0,
     * rewards/rejected = ½·mean(0.5, −0.5) = 0.
     */
    @Test
    void averages_the_summed_log_probs_over_each_responses_tokens_as_trl_does() {
        DpoLoss ipo = DpoLoss.of(DpoLossType.IPO, 0.5);
        for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tolerance = type == DataType.FLOAT64 ? F64 : F32;
            Run run = run(type, flags(true, true, false, false, false, false),
                    a -> ipo.compute(a[0], a[1], a[2], a[3], a[4], a[5]),
                    new double[] {-6, -3}, new double[] {-8, -16}, new double[] {-4.5, -4}, new double[] {-10, -12},
                    new double[] {3, 2}, new double[] {4, 8});
            assertClose("loss", run.loss(), 2.0, tolerance);
            assertClose("d loss / d logπ(y_w|x)", run.gradient(POLICY_CHOSEN), new double[] {-2.0 / 3, 0}, tolerance);
            assertClose("d loss / d logπ(y_l|x)", run.gradient(POLICY_REJECTED), new double[] {0.5, 0}, tolerance);
            assertClose("logps/chosen", run.metrics().get("logps/chosen"), -1.75, tolerance);
            assertClose("logps/rejected", run.metrics().get("logps/rejected"), -2.0, tolerance);
            assertClose("rewards/chosen", run.metrics().get("rewards/chosen"), 0.0, tolerance);
            assertClose("rewards/rejected", run.metrics().get("rewards/rejected"), 0.0, tolerance);
        }
    }

    @Test
    void sigmoid_hinge_and_robust_keep_the_sums_when_token_counts_are_given() {
        // Pair 1 of the test above with sums: z = (−6 + 4.5) − (−8 + 10) = −3.5; hinge at β = ½: relu(1 + 1.75) = 2.75.
        DpoLoss hinge = DpoLoss.of(DpoLossType.HINGE, 0.5);
        Run run = run(DataType.FLOAT64, flags(true, true, false, false, false, false),
                a -> hinge.compute(a[0], a[1], a[2], a[3], a[4], a[5]),
                new double[] {-6}, new double[] {-8}, new double[] {-4.5}, new double[] {-10}, new double[] {3},
                new double[] {4});
        assertClose("loss", run.loss(), 2.75, F64);
        assertClose("logps/chosen", run.metrics().get("logps/chosen"), -6.0, F64);
    }
}
