package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * sigmoid: ℓ(z) = −(1−ls)·logσ(βz) − ls·logσ(−βz), hence (σ′ = σ(1−σ), d logσ(x)/dx = σ(−x))
 * ℓ′(z) = β·(−(1−ls)·σ(−βz) + ls·σ(βz)).
 */
class DpoSigmoidLossTest extends DpoTestSupport {

    static DoubleUnaryOperator loss(double beta, double ls) {
        return z -> -(1 - ls) * logSigmoid(beta * z) - ls * logSigmoid(-beta * z);
    }

    static DoubleUnaryOperator derivative(double beta, double ls) {
        return z -> beta * (-(1 - ls) * sigmoid(-beta * z) + ls * sigmoid(beta * z));
    }

    static DpoLoss sigmoid(double beta, double ls) {
        return DpoLoss.builder().type(DpoLossType.SIGMOID).beta(beta).labelSmoothing(ls).build();
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_at_trl_default_beta() {
        Run run = runDpo(DpoLoss.sigmoid(0.1), PreferenceBatch.THREE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.THREE, 0.1, loss(0.1, 0), derivative(0.1, 0), F64);
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_with_beta_one_half_and_label_smoothing_one_tenth() {
        Run run = runDpo(sigmoid(0.5, 0.1), PreferenceBatch.FOUR, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.FOUR, 0.5, loss(0.5, 0.1), derivative(0.5, 0.1), F64);
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_with_beta_two_and_label_smoothing_three_tenths() {
        Run run = runDpo(sigmoid(2.0, 0.3), PreferenceBatch.THREE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.THREE, 2.0, loss(2.0, 0.3), derivative(2.0, 0.3), F64);
    }

    @Test
    void a_single_pair_at_beta_one_half_costs_log_of_one_plus_e_to_the_minus_one_half() {
        // One pair, logits = 1: ℓ = −logσ(0.5) = log(1 + e^−0.5); ∂/∂πw = −0.5·σ(−0.5).
        PreferenceBatch one = new PreferenceBatch(new double[] {-3}, new double[] {-4}, new double[] {-2}, new double[] {-2});
        Run run = runDpo(DpoLoss.sigmoid(0.5), one, DataType.FLOAT64);
        assertClose("loss", run.loss(), Math.log(1 + Math.exp(-0.5)), F64);
        assertClose("gradient", run.gradient(POLICY_CHOSEN)[0], -0.5 / (1 + Math.exp(0.5)), F64);
        assertClose("gradient", run.gradient(POLICY_REJECTED)[0], 0.5 / (1 + Math.exp(0.5)), F64);
    }

    @Test
    void stays_finite_and_exact_when_beta_times_logits_is_plus_or_minus_fifty() {
        Run run = runDpo(sigmoid(0.5, 0.1), PreferenceBatch.HUGE_LOGITS, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.HUGE_LOGITS, 0.5, loss(0.5, 0.1), derivative(0.5, 0.1), F64);
        // The wrong pair costs 0.9·50, the right one 0.1·50 (plus ~1e-22): mean 25.
        assertClose("loss", run.loss(), 25.0, 1e-12);
    }

    @Test
    void stays_finite_in_float32_when_beta_times_logits_is_plus_or_minus_five_hundred() {
        Run run = runDpo(DpoLoss.sigmoid(5.0), PreferenceBatch.HUGE_LOGITS, DataType.FLOAT32);
        assertMatches(run, PreferenceBatch.HUGE_LOGITS, 5.0, loss(5.0, 0), derivative(5.0, 0), F32);
        assertThat(run.loss()).isEqualTo(250.0);
    }

    @Test
    void pushes_with_half_beta_when_the_policy_still_equals_the_reference() {
        // logits = 0 exactly: ℓ′(0) = −β/2, which a relu/abs-based log-sigmoid would get wrong (0).
        Run run = runDpo(DpoLoss.sigmoid(0.5), PreferenceBatch.POLICY_IS_REFERENCE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.POLICY_IS_REFERENCE, 0.5, loss(0.5, 0), derivative(0.5, 0), F64);
        assertThat(run.gradient(POLICY_CHOSEN)).containsExactly(-0.125, -0.125);
        assertClose("loss", run.loss(), Math.log(2), F64);
    }

    @Test
    void computes_in_float32_within_relative_1e_5_and_keeps_the_dtype() {
        Run run = runDpo(sigmoid(0.5, 0.1), PreferenceBatch.FOUR, DataType.FLOAT32);
        assertThat(run.lossType()).isEqualTo(DataType.FLOAT32);
        assertMatches(run, PreferenceBatch.FOUR, 0.5, loss(0.5, 0.1), derivative(0.5, 0.1), F32);
    }
}
