package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.DoubleUnaryOperator;

/**
 * Checks a {@link DpoLoss} against a per-example loss ℓ(logits) and its hand-derived derivative dℓ/dlogits, both in
 * plain Java. With L = mean ℓ(z_i) and z_i = (πw_i − πl_i) − (refw_i − refl_i):
 * ∂L/∂πw_i = ℓ′(z_i)/B and ∂L/∂πl_i = −ℓ′(z_i)/B; the reference inputs get no gradient.
 */
abstract class DpoTestSupport extends DjlTestSupport {

    static final int POLICY_CHOSEN = 0;
    static final int POLICY_REJECTED = 1;
    static final int REFERENCE_CHOSEN = 2;
    static final int REFERENCE_REJECTED = 3;

    /** Runs {@code loss} with the policy inputs trainable and the reference inputs plain. */
    static Run runDpo(DpoLoss loss, PreferenceBatch batch, DataType type) {
        return run(type, flags(true, true, false, false), a -> loss.compute(a[0], a[1], a[2], a[3]), batch.inputs());
    }

    /** Asserts loss value, both policy gradients, the absence of reference gradients and the TRL metrics. */
    static void assertMatches(Run run, PreferenceBatch batch, double beta, DoubleUnaryOperator loss,
            DoubleUnaryOperator derivative, double tolerance) {
        double[] z = batch.logits();
        int n = batch.size();
        double[] perExample = new double[n];
        double[] gradChosen = new double[n];
        double[] gradRejected = new double[n];
        for (int i = 0; i < n; i++) {
            perExample[i] = loss.applyAsDouble(z[i]);
            gradChosen[i] = derivative.applyAsDouble(z[i]) / n;
            gradRejected[i] = -derivative.applyAsDouble(z[i]) / n;
        }
        assertThat(run.lossShape()).as("loss shape").isEqualTo(new Shape());
        assertClose("loss", run.loss(), mean(perExample), tolerance);
        assertClose("d loss / d logπ(y_w|x)", run.gradient(POLICY_CHOSEN), gradChosen, tolerance);
        assertClose("d loss / d logπ(y_l|x)", run.gradient(POLICY_REJECTED), gradRejected, tolerance);
        assertThat(run.hasGradient()[REFERENCE_CHOSEN]).as("reference chosen requires gradient").isFalse();
        assertThat(run.hasGradient()[REFERENCE_REJECTED]).as("reference rejected requires gradient").isFalse();
        assertMetrics(run, batch, beta, tolerance);
    }

    /** The TRL DPO metrics, recomputed in plain Java. */
    static void assertMetrics(Run run, PreferenceBatch batch, double beta, double tolerance) {
        int n = batch.size();
        double[] chosen = new double[n];
        double[] rejected = new double[n];
        double accurate = 0;
        for (int i = 0; i < n; i++) {
            chosen[i] = beta * (batch.policyChosen()[i] - batch.referenceChosen()[i]);
            rejected[i] = beta * (batch.policyRejected()[i] - batch.referenceRejected()[i]);
            accurate += chosen[i] > rejected[i] ? 1 : 0;
        }
        assertClose("rewards/chosen", run.metrics().get("rewards/chosen"), mean(chosen), tolerance);
        assertClose("rewards/rejected", run.metrics().get("rewards/rejected"), mean(rejected), tolerance);
        assertClose("rewards/margins", run.metrics().get("rewards/margins"), mean(chosen) - mean(rejected), tolerance);
        assertThat(run.metrics().get("rewards/accuracies")).as("rewards/accuracies").isEqualTo(accurate / n);
        assertClose("logps/chosen", run.metrics().get("logps/chosen"), mean(batch.policyChosen()), tolerance);
        assertClose("logps/rejected", run.metrics().get("logps/rejected"), mean(batch.policyRejected()), tolerance);
        assertClose("metric loss", run.metrics().get("loss"), run.loss(), tolerance);
    }
}
