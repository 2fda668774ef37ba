package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * robust: ℓ(z) = (−(1−ls)·logσ(βz) + ls·logσ(−βz)) / (1 − 2ls), hence
 * ℓ′(z) = β·(−(1−ls)·σ(−βz) − ls·σ(βz)) / (1 − 2ls).
 */
class DpoRobustLossTest extends DpoTestSupport {

    static DoubleUnaryOperator loss(double beta, double ls) {
        return z -> (-(1 - ls) * logSigmoid(beta * z) + ls * logSigmoid(-beta * z)) / (1 - 2 * ls);
    }

    static DoubleUnaryOperator derivative(double beta, double ls) {
        return z -> beta * (-(1 - ls) * sigmoid(-beta * z) - ls * sigmoid(beta * z)) / (1 - 2 * ls);
    }

    static DpoLoss robust(double beta, double ls) {
        return DpoLoss.builder().type(DpoLossType.ROBUST).beta(beta).labelSmoothing(ls).build();
    }

    @Test
    void equals_the_sigmoid_loss_without_label_smoothing() {
        Run run = runDpo(robust(0.1, 0), PreferenceBatch.THREE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.THREE, 0.1, DpoSigmoidLossTest.loss(0.1, 0), DpoSigmoidLossTest.derivative(0.1, 0), F64);
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_with_beta_one_half_and_label_smoothing_one_tenth() {
        Run run = runDpo(robust(0.5, 0.1), PreferenceBatch.FOUR, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.FOUR, 0.5, loss(0.5, 0.1), derivative(0.5, 0.1), F64);
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_with_beta_two_and_label_smoothing_three_tenths() {
        Run run = runDpo(robust(2.0, 0.3), PreferenceBatch.THREE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.THREE, 2.0, loss(2.0, 0.3), derivative(2.0, 0.3), F64);
    }

    @Test
    void stays_finite_and_exact_when_beta_times_logits_is_plus_or_minus_fifty() {
        // Right pair: (0.1·(−50))/0.8 = −6.25; wrong pair: (0.9·50)/0.8 = 56.25; mean 25.
        Run run = runDpo(robust(0.5, 0.1), PreferenceBatch.HUGE_LOGITS, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.HUGE_LOGITS, 0.5, loss(0.5, 0.1), derivative(0.5, 0.1), F64);
        assertClose("loss", run.loss(), 25.0, 1e-12);
    }

    @Test
    void computes_in_float32_within_relative_1e_5() {
        Run run = runDpo(robust(2.0, 0.3), PreferenceBatch.FOUR, DataType.FLOAT32);
        assertThat(run.lossType()).isEqualTo(DataType.FLOAT32);
        assertMatches(run, PreferenceBatch.FOUR, 2.0, loss(2.0, 0.3), derivative(2.0, 0.3), F32);
    }
}
