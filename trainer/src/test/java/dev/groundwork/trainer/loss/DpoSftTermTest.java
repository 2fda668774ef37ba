package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * SFT term, token-weighted over the batch as TRL's cross-entropy over all chosen tokens:
 * L = mean ℓ(z_i) + w·(−Σ πw_i / N) with N = Σ n_w,i, hence ∂L/∂πw_i = ℓ′(z_i)/B − w/N and ∂L/∂πl_i = −ℓ′(z_i)/B
 * (for ipo, z and ℓ′ are taken on the per-token averages, which divides those terms by n_w,i and n_l,i).
 */
class DpoSftTermTest extends DpoTestSupport {

    private static final double[] TOKENS = {4, 10, 7};
    private static final double[] REJECTED_TOKENS = {5, 8, 3};

    private static Run runWithTokens(DpoLoss loss, PreferenceBatch batch, DataType type) {
        return run(type, flags(true, true, false, false, false, false), a -> loss.compute(a[0], a[1], a[2], a[3], a[4], a[5]),
                batch.policyChosen(), batch.policyRejected(), batch.referenceChosen(), batch.referenceRejected(), TOKENS,
                REJECTED_TOKENS);
    }

    private static void assertSft(Run run, PreferenceBatch batch, double weight, DoubleUnaryOperator loss,
            DoubleUnaryOperator derivative, boolean averaged, double tolerance) {
        int n = batch.size();
        double chosenTokens = 0;
        double chosenSum = 0;
        for (int i = 0; i < n; i++) {
            chosenTokens += TOKENS[i];
            chosenSum += batch.policyChosen()[i];
        }
        double nll = -chosenSum / chosenTokens;
        double dpo = 0;
        double[] gradChosen = new double[n];
        double[] gradRejected = new double[n];
        for (int i = 0; i < n; i++) {
            double nw = averaged ? TOKENS[i] : 1;
            double nl = averaged ? REJECTED_TOKENS[i] : 1;
            double z = (batch.policyChosen()[i] / nw - batch.policyRejected()[i] / nl)
                    - (batch.referenceChosen()[i] / nw - batch.referenceRejected()[i] / nl);
            dpo += loss.applyAsDouble(z) / n;
            gradChosen[i] = derivative.applyAsDouble(z) / (n * nw) - weight / chosenTokens;
            gradRejected[i] = -derivative.applyAsDouble(z) / (n * nl);
        }
        assertClose("loss", run.loss(), dpo + weight * nll, tolerance);
        assertClose("nll_loss", run.metrics().get("nll_loss"), nll, tolerance);
        assertClose("d loss / d logπ(y_w|x)", run.gradient(POLICY_CHOSEN), gradChosen, tolerance);
        assertClose("d loss / d logπ(y_l|x)", run.gradient(POLICY_REJECTED), gradRejected, tolerance);
    }

    /**
     * Two chosen answers of different lengths: −2 over 1 token and −12 over 4 tokens. Token-weighted (TRL):
     * nll = (2 + 12)/(1 + 4) = 2.8; a mean of per-answer means would be (2/1 + 12/4)/2 = 2.5. With the rejected and
     * reference log-probs equal to the chosen ones z = 0, so the sigmoid part at β = 1 is −logσ(0) = ln 2, and with
     * weight ½ the loss is ln 2 + ½·2.8 = ln 2 + 1.4. ∂L/∂πw_i = ℓ′(0)/B − w/N with ℓ′(0) = −β·σ(0) = −½, B = 2,
     * N = 5: −¼ − ½/5 = −0.35 for both answers (mean-of-means would give −¼ − ½/(2·n_w,i): −0.5 and −0.3125).
     */
    @Test
    void weights_the_chosen_answers_negative_log_likelihood_by_their_token_counts() {
        DpoLoss loss = DpoLoss.builder().beta(1.0).sftWeight(0.5).build();
        double[] chosen = {-2, -12};
        Run run = run(DataType.FLOAT64, flags(true, true, false, false, false, false),
                a -> loss.compute(a[0], a[1], a[2], a[3], a[4], a[5]),
                chosen, chosen, chosen, chosen, new double[] {1, 4}, new double[] {3, 3});
        assertClose("nll_loss", run.metrics().get("nll_loss"), 2.8, F64);
        assertClose("loss", run.loss(), Math.log(2) + 1.4, F64);
        assertClose("d loss / d logπ(y_w|x)", run.gradient(POLICY_CHOSEN), new double[] {-0.35, -0.35}, F64);
    }

    @Test
    void adds_the_weighted_per_token_negative_log_likelihood_of_the_chosen_answer() {
        DpoLoss loss = DpoLoss.builder().beta(0.5).labelSmoothing(0.1).sftWeight(0.5).build();
        Run run = runWithTokens(loss, PreferenceBatch.THREE, DataType.FLOAT64);
        assertSft(run, PreferenceBatch.THREE, 0.5,
                DpoSigmoidLossTest.loss(0.5, 0.1), DpoSigmoidLossTest.derivative(0.5, 0.1), false, F64);
        assertMetrics(run, PreferenceBatch.THREE, 0.5, F64);
    }

    @Test
    void works_with_the_ipo_loss_and_beta_two() {
        DpoLoss loss = DpoLoss.builder().type(DpoLossType.IPO).beta(2.0).sftWeight(1.0).build();
        Run run = runWithTokens(loss, PreferenceBatch.THREE, DataType.FLOAT64);
        assertSft(run, PreferenceBatch.THREE, 1.0, DpoIpoLossTest.loss(2.0), DpoIpoLossTest.derivative(2.0), true, F64);
    }

    @Test
    void with_weight_zero_only_reports_nll_loss_and_leaves_loss_and_gradients_alone() {
        Run run = runWithTokens(DpoLoss.sigmoid(0.1), PreferenceBatch.THREE, DataType.FLOAT64);
        assertSft(run, PreferenceBatch.THREE, 0.0,
                DpoSigmoidLossTest.loss(0.1, 0), DpoSigmoidLossTest.derivative(0.1, 0), false, F64);
    }

    @Test
    void accepts_integer_token_counts_and_float32_log_probs() {
        DpoLoss loss = DpoLoss.builder().beta(0.5).sftWeight(0.25).build();
        Run run = run(DataType.FLOAT32, flags(true, true, false, false),
                a -> loss.compute(a[0], a[1], a[2], a[3], a[0].getManager().create(new long[] {4, 10, 7}),
                        a[0].getManager().create(new long[] {5, 8, 3})),
                PreferenceBatch.THREE.inputs());
        assertThat(run.lossType()).isEqualTo(DataType.FLOAT32);
        assertSft(run, PreferenceBatch.THREE, 0.25,
                DpoSigmoidLossTest.loss(0.5, 0), DpoSigmoidLossTest.derivative(0.5, 0), false, F32);
    }

    @Test
    void without_token_counts_there_is_no_nll_loss_metric() {
        Run run = runDpo(DpoLoss.sigmoid(0.1), PreferenceBatch.THREE, DataType.FLOAT64);
        assertThat(run.metrics()).doesNotContainKey("nll_loss").containsOnlyKeys("rewards/chosen", "rewards/rejected",
                "rewards/accuracies", "rewards/margins", "logps/chosen", "logps/rejected", "loss");
    }
}
