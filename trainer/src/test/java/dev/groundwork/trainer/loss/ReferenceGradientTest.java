package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** The reference model is frozen: its log-probabilities never receive a gradient. */
class ReferenceGradientTest extends DpoTestSupport {

    @Test
    void reference_log_probs_passed_without_gradients_receive_none() {
        Run run = runDpo(DpoLoss.sigmoid(0.5), PreferenceBatch.THREE, DataType.FLOAT64);
        assertThat(run.hasGradient()).containsExactly(true, true, false, false);
        assertThat(run.gradientReadable()).as("getGradient() works").containsExactly(true, true, false, false);
    }

    @Test
    void reference_log_probs_that_track_gradients_are_detached_and_get_a_zero_gradient() {
        // Without the detach they would get exactly minus the policy gradients.
        DpoLoss loss = DpoLoss.builder().type(DpoLossType.ROBUST).beta(2.0).labelSmoothing(0.3).build();
        Run run = run(DataType.FLOAT64, flags(true, true, true, true), a -> loss.compute(a[0], a[1], a[2], a[3]),
                PreferenceBatch.THREE.inputs());
        assertThat(run.gradient(REFERENCE_CHOSEN)).containsOnly(0.0);
        assertThat(run.gradient(REFERENCE_REJECTED)).containsOnly(0.0);
        assertThat(run.gradient(POLICY_CHOSEN)).doesNotContain(0.0);
        assertClose("loss", run.loss(), mean(new double[] {
            DpoRobustLossTest.loss(2.0, 0.3).applyAsDouble(1.0),
            DpoRobustLossTest.loss(2.0, 0.3).applyAsDouble(-2.25),
            DpoRobustLossTest.loss(2.0, 0.3).applyAsDouble(3.25)}), F64);
    }

    @Test
    void mdpo_reference_log_probs_receive_none() {
        MdpoLoss loss = MdpoLoss.builder().beta(0.5).labelSmoothing(0.1).build();
        Run run = run(DataType.FLOAT64, flags(true, true, false, false, true, false),
                a -> loss.compute(a[0], a[1], a[2], a[3], a[4], a[5]),
                MdpoLossTest.BATCH.inputs());
        assertThat(run.hasGradient()).containsExactly(true, true, false, false, true, false);
        assertThat(run.gradientReadable()).containsExactly(true, true, false, false, true, false);
    }
}
