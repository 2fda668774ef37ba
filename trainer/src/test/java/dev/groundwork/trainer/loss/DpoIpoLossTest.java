package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** ipo: ℓ(z) = (z − 1/(2β))², hence ℓ′(z) = 2·(z − 1/(2β)). */
class DpoIpoLossTest extends DpoTestSupport {

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
}
