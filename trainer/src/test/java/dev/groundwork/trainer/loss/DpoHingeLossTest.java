package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** hinge: ℓ(z) = max(0, 1 − βz), hence ℓ′(z) = −β where βz &lt; 1 and 0 where βz &gt; 1 (no test sits on the kink). */
class DpoHingeLossTest extends DpoTestSupport {

    static DoubleUnaryOperator loss(double beta) {
        return z -> Math.max(0, 1 - beta * z);
    }

    static DoubleUnaryOperator derivative(double beta) {
        return z -> beta * z < 1 ? -beta : 0;
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_when_every_pair_is_inside_the_margin() {
        // β·logits = (0.1, −0.225, 0.325): all below 1.
        Run run = runDpo(DpoLoss.of(DpoLossType.HINGE, 0.1), PreferenceBatch.THREE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.THREE, 0.1, loss(0.1), derivative(0.1), F64);
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_with_beta_one_half_and_one_pair_past_the_margin() {
        // β·logits = (0.1875, −2.25, −0.5, 1.3125): the last pair has zero loss and zero gradient.
        Run run = runDpo(DpoLoss.of(DpoLossType.HINGE, 0.5), PreferenceBatch.FOUR, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.FOUR, 0.5, loss(0.5), derivative(0.5), F64);
        assertThat(run.gradient(POLICY_CHOSEN)[3]).isZero();
    }

    @Test
    void matches_the_hand_computed_loss_and_gradients_with_beta_two() {
        // β·logits = (2, −4.5, 6.5): loss = (0 + 5.5 + 0)/3.
        Run run = runDpo(DpoLoss.of(DpoLossType.HINGE, 2.0), PreferenceBatch.THREE, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.THREE, 2.0, loss(2.0), derivative(2.0), F64);
        assertClose("loss", run.loss(), 5.5 / 3, F64);
    }

    @Test
    void stays_finite_when_beta_times_logits_is_plus_or_minus_fifty() {
        Run run = runDpo(DpoLoss.of(DpoLossType.HINGE, 0.5), PreferenceBatch.HUGE_LOGITS, DataType.FLOAT64);
        assertMatches(run, PreferenceBatch.HUGE_LOGITS, 0.5, loss(0.5), derivative(0.5), F64);
        assertClose("loss", run.loss(), 25.5, F64);
    }

    @Test
    void computes_in_float32_within_relative_1e_5() {
        Run run = runDpo(DpoLoss.of(DpoLossType.HINGE, 0.5), PreferenceBatch.FOUR, DataType.FLOAT32);
        assertThat(run.lossType()).isEqualTo(DataType.FLOAT32);
        assertMatches(run, PreferenceBatch.FOUR, 0.5, loss(0.5), derivative(0.5), F32);
    }
}
