package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * SFT term: L = mean ℓ(z_i) + w·mean(−πw_i / n_i), hence ∂L/∂πw_i = ℓ′(z_i)/B − w/(n_i·B) and ∂L/∂πl_i = −ℓ′(z_i)/B.
 */
class DpoSftTermTest extends DpoTestSupport {

    private static final double[] TOKENS = {4, 10, 7};

    private static Run runWithTokens(DpoLoss loss, PreferenceBatch batch, DataType type) {
        return run(type, flags(true, true, false, false, false), a -> loss.compute(a[0], a[1], a[2], a[3], a[4]),
                batch.policyChosen(), batch.policyRejected(), batch.referenceChosen(), batch.referenceRejected(), TOKENS);
    }

    private static void assertSft(Run run, PreferenceBatch batch, double weight, DoubleUnaryOperator loss,
            DoubleUnaryOperator derivative, double tolerance) {
        double[] z = batch.logits();
        int n = batch.size();
        double dpo = 0;
        double nll = 0;
        double[] gradChosen = new double[n];
        double[] gradRejected = new double[n];
        for (int i = 0; i < n; i++) {
            dpo += loss.applyAsDouble(z[i]) / n;
            nll += -batch.policyChosen()[i] / TOKENS[i] / n;
            gradChosen[i] = derivative.applyAsDouble(z[i]) / n - weight / (TOKENS[i] * n);
            gradRejected[i] = -derivative.applyAsDouble(z[i]) / n;
        }
        assertClose("loss", run.loss(), dpo + weight * nll, tolerance);
        assertClose("nll_loss", run.metrics().get("nll_loss"), nll, tolerance);
        assertClose("d loss / d logπ(y_w|x)", run.gradient(POLICY_CHOSEN), gradChosen, tolerance);
        assertClose("d loss / d logπ(y_l|x)", run.gradient(POLICY_REJECTED), gradRejected, tolerance);
    }

    @Test
    void adds_the_weighted_per_token_negative_log_likelihood_of_the_chosen_answer() {
        DpoLoss loss = DpoLoss.builder().beta(0.5).labelSmoothing(0.1).sftWeight(0.5).build();
        Run run = runWithTokens(loss, PreferenceBatch.THREE, DataType.FLOAT64);
        assertSft(run, PreferenceBatch.THREE, 0.5,
                DpoSigmoidLossTest.loss(0.5, 0.1), DpoSigmoidLossTest.derivative(0.5, 0.1), F64);
        assertMetrics(run, PreferenceBatch.THREE, 0.5, F64);
    }

    @Test
    void works_with_the_ipo_loss_and_beta_two() {
        DpoLoss loss = DpoLoss.builder().type(DpoLossType.IPO).beta(2.0).sftWeight(1.0).build();
        Run run = runWithTokens(loss, PreferenceBatch.THREE, DataType.FLOAT64);
        assertSft(run, PreferenceBatch.THREE, 1.0, DpoIpoLossTest.loss(2.0), DpoIpoLossTest.derivative(2.0), F64);
    }

    @Test
    void with_weight_zero_only_reports_nll_loss_and_leaves_loss_and_gradients_alone() {
        Run run = runWithTokens(DpoLoss.sigmoid(0.1), PreferenceBatch.THREE, DataType.FLOAT64);
        assertSft(run, PreferenceBatch.THREE, 0.0,
                DpoSigmoidLossTest.loss(0.1, 0), DpoSigmoidLossTest.derivative(0.1, 0), F64);
    }

    @Test
    void accepts_integer_token_counts_and_float32_log_probs() {
        DpoLoss loss = DpoLoss.builder().beta(0.5).sftWeight(0.25).build();
        Run run = run(DataType.FLOAT32, flags(true, true, false, false),
                a -> loss.compute(a[0], a[1], a[2], a[3], a[0].getManager().create(new long[] {4, 10, 7})),
                PreferenceBatch.THREE.inputs());
        assertThat(run.lossType()).isEqualTo(DataType.FLOAT32);
        assertSft(run, PreferenceBatch.THREE, 0.25,
                DpoSigmoidLossTest.loss(0.5, 0), DpoSigmoidLossTest.derivative(0.5, 0), F32);
    }

    @Test
    void without_token_counts_there_is_no_nll_loss_metric() {
        Run run = runDpo(DpoLoss.sigmoid(0.1), PreferenceBatch.THREE, DataType.FLOAT64);
        assertThat(run.metrics()).doesNotContainKey("nll_loss").containsOnlyKeys("rewards/chosen", "rewards/rejected",
                "rewards/accuracies", "rewards/margins", "logps/chosen", "logps/rejected", "loss");
    }
}
