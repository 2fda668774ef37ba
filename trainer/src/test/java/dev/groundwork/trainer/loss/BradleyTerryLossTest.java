package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** L = mean(−logσ(r_w − r_l)), hence ∂L/∂r_w,i = −σ(−(r_w,i − r_l,i))/B and ∂L/∂r_l,i = +σ(−(r_w,i − r_l,i))/B. */
class BradleyTerryLossTest extends DjlTestSupport {

    private static Run runBt(double[] chosen, double[] rejected, DataType type) {
        BradleyTerryLoss loss = BradleyTerryLoss.create();
        return run(type, flags(true, true), a -> loss.compute(a[0], a[1]), chosen, rejected);
    }

    private static void assertBt(Run run, double[] chosen, double[] rejected, double tolerance) {
        int n = chosen.length;
        double loss = 0;
        double margin = 0;
        double accurate = 0;
        double[] gradChosen = new double[n];
        double[] gradRejected = new double[n];
        for (int i = 0; i < n; i++) {
            double d = chosen[i] - rejected[i];
            loss += -logSigmoid(d) / n;
            margin += d / n;
            accurate += d > 0 ? 1 : 0;
            gradChosen[i] = -sigmoid(-d) / n;
            gradRejected[i] = sigmoid(-d) / n;
        }
        assertThat(run.lossShape()).isEqualTo(new Shape());
        assertClose("loss", run.loss(), loss, tolerance);
        assertClose("d loss / d r_w", run.gradient(0), gradChosen, tolerance);
        assertClose("d loss / d r_l", run.gradient(1), gradRejected, tolerance);
        assertClose("margin", run.metrics().get("margin"), margin, tolerance);
        assertThat(run.metrics().get("accuracy")).isEqualTo(accurate / n);
        assertClose("metric loss", run.metrics().get("loss"), run.loss(), tolerance);
        assertThat(run.metrics()).containsOnlyKeys("accuracy", "margin", "loss");
    }

    @Test
    void matches_the_hand_computed_loss_gradients_and_metrics_for_three_pairs() {
        double[] chosen = {1.5, -0.25, 2.0};
        double[] rejected = {0.5, 0.75, -1.0};
        Run run = runBt(chosen, rejected, DataType.FLOAT64);
        assertBt(run, chosen, rejected, F64);
        assertThat(run.metrics().get("accuracy")).isEqualTo(2.0 / 3);
    }

    @Test
    void matches_the_hand_computed_loss_gradients_and_metrics_for_four_pairs() {
        double[] chosen = {0.125, -3.0, 4.5, 0.0};
        double[] rejected = {0.0, -2.5, 1.25, 0.0};
        Run run = runBt(chosen, rejected, DataType.FLOAT64);
        assertBt(run, chosen, rejected, F64);
        // the tied pair: −logσ(0) = log 2 and gradient ∓½/B
        assertThat(run.gradient(0)[3]).isEqualTo(-0.125);
    }

    @Test
    void a_single_pair_with_margin_one_costs_log_of_one_plus_e_to_the_minus_one() {
        Run run = runBt(new double[] {2.0}, new double[] {1.0}, DataType.FLOAT64);
        assertClose("loss", run.loss(), Math.log(1 + Math.exp(-1)), F64);
        assertClose("gradient", run.gradient(0)[0], -1 / (1 + Math.E), F64);
    }

    @Test
    void stays_finite_and_exact_when_the_margin_is_plus_or_minus_fifty() {
        double[] chosen = {25.0, -25.0};
        double[] rejected = {-25.0, 25.0};
        Run run = runBt(chosen, rejected, DataType.FLOAT64);
        assertBt(run, chosen, rejected, F64);
        assertClose("loss", run.loss(), 25.0, 1e-12);
    }

    @Test
    void stays_finite_in_float32_when_the_margin_is_plus_or_minus_five_hundred() {
        double[] chosen = {250.0, -250.0};
        double[] rejected = {-250.0, 250.0};
        Run run = runBt(chosen, rejected, DataType.FLOAT32);
        assertThat(run.lossType()).isEqualTo(DataType.FLOAT32);
        assertBt(run, chosen, rejected, F32);
    }

    @Test
    void computes_in_float32_within_relative_1e_5() {
        double[] chosen = {0.125, -3.0, 4.5, 0.75};
        double[] rejected = {0.0, -2.5, 1.25, 1.0};
        assertBt(runBt(chosen, rejected, DataType.FLOAT32), chosen, rejected, F32);
    }
}
