package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * mDPO, per example, with z = (πw − πl) − (refw − refl), v = (πw − πw′) − (refw − refw′), a = πw − refw:
 *
 * <pre>
 *   ℓ = −(1−ls)·logσ(βz) − ls·logσ(−βz)  −  logσ(βv)  −  logσ(βa − δ)
 *   ∂ℓ/∂πw  = β·(−(1−ls)·σ(−βz) + ls·σ(βz)) − β·σ(−βv) − β·σ(−(βa − δ))
 *   ∂ℓ/∂πl  = −β·(−(1−ls)·σ(−βz) + ls·σ(βz))
 *   ∂ℓ/∂πw′ = β·σ(−βv)
 * </pre>
 *
 * each divided by B for the batch mean; the three reference inputs get no gradient. The ablations drop a term: without
 * the image-conditional term ℓ loses −logσ(βv) and its −β·σ(−βv) in ∂ℓ/∂πw (∂ℓ/∂πw′ = 0); without the anchor it
 * loses −logσ(βa − δ) and its −β·σ(−(βa − δ)).
 */
class MdpoLossTest extends DjlTestSupport {

    private static final int PW = 0;
    private static final int PL = 1;
    private static final int RW = 2;
    private static final int RL = 3;
    private static final int PW_CORRUPTED = 4;
    private static final int RW_CORRUPTED = 5;

    /** Six (B,) arrays: πw, πl, refw, refl under image m; πw′, refw′ of the chosen answer under corrupted m′. */
    record Batch(double[] pw, double[] pl, double[] rw, double[] rl, double[] pwCorrupted, double[] rwCorrupted) {

        double[][] inputs() {
            return new double[][] {pw, pl, rw, rl, pwCorrupted, rwCorrupted};
        }

        int size() {
            return pw.length;
        }
    }

    /** B = 3; z = (1, −2.25, 3.25), v = (1.25, −2.5, 3), a = (0.5, −1.25, 1.5). */
    static final Batch BATCH = new Batch(
            new double[] {-12.5, -30.25, -7.0},
            new double[] {-14.0, -28.5, -9.75},
            new double[] {-13.0, -29.0, -8.5},
            new double[] {-13.5, -29.5, -8.0},
            new double[] {-15.0, -29.75, -11.5},
            new double[] {-14.25, -31.0, -10.0});

    /** B = 4. */
    static final Batch FOUR = new Batch(
            new double[] {-5.0, -40.0, -18.25, -3.375},
            new double[] {-6.125, -35.0, -18.0, -9.875},
            new double[] {-5.5, -38.0, -18.875, -4.0},
            new double[] {-6.25, -37.5, -19.625, -7.875},
            new double[] {-7.5, -39.0, -20.0, -3.5},
            new double[] {-6.0, -38.5, -19.5, -4.25});

    /** B = 2; z = v = (100, −100), a = (10, −90): β = ½ gives ±50 and 5, −45. */
    static final Batch HUGE = new Batch(
            new double[] {-10.0, -110.0},
            new double[] {-110.0, -10.0},
            new double[] {-20.0, -20.0},
            new double[] {-20.0, -20.0},
            new double[] {-110.0, -10.0},
            new double[] {-20.0, -20.0});

    private static Run runMdpo(MdpoLoss loss, Batch batch, DataType type) {
        return run(type, flags(true, true, false, false, true, false),
                a -> loss.compute(a[PW], a[PL], a[RW], a[RL], a[PW_CORRUPTED], a[RW_CORRUPTED]), batch.inputs());
    }

    private static void assertMdpo(Run run, Batch batch, double beta, double ls, double delta, double tolerance) {
        assertMdpo(run, batch, beta, ls, delta, true, true, tolerance);
    }

    /** {@code ic} and {@code anc}: whether the image-conditional term and the anchor are on. */
    private static void assertMdpo(Run run, Batch batch, double beta, double ls, double delta, boolean ic, boolean anc,
            double tolerance) {
        int n = batch.size();
        double dpo = 0;
        double imageConditional = 0;
        double anchor = 0;
        double[] gradPw = new double[n];
        double[] gradPl = new double[n];
        double[] gradPwCorrupted = new double[n];
        double[] chosenRewards = new double[n];
        double[] rejectedRewards = new double[n];
        double[] imagelessRewards = new double[n];
        double accurate = 0;
        double imagelessAccurate = 0;
        for (int i = 0; i < n; i++) {
            double z = (batch.pw()[i] - batch.pl()[i]) - (batch.rw()[i] - batch.rl()[i]);
            double v = (batch.pw()[i] - batch.pwCorrupted()[i]) - (batch.rw()[i] - batch.rwCorrupted()[i]);
            double a = batch.pw()[i] - batch.rw()[i];
            dpo += (-(1 - ls) * logSigmoid(beta * z) - ls * logSigmoid(-beta * z)) / n;
            imageConditional += ic ? -logSigmoid(beta * v) / n : 0;
            anchor += anc ? -logSigmoid(beta * a - delta) / n : 0;
            double dpoSlope = beta * (-(1 - ls) * sigmoid(-beta * z) + ls * sigmoid(beta * z));
            double imageSlope = ic ? beta * sigmoid(-beta * v) : 0;
            double anchorSlope = anc ? beta * sigmoid(-(beta * a - delta)) : 0;
            gradPw[i] = (dpoSlope - imageSlope - anchorSlope) / n;
            gradPl[i] = -dpoSlope / n;
            gradPwCorrupted[i] = imageSlope / n;
            chosenRewards[i] = beta * a;
            rejectedRewards[i] = beta * (batch.pl()[i] - batch.rl()[i]);
            imagelessRewards[i] = beta * (batch.pwCorrupted()[i] - batch.rwCorrupted()[i]);
            accurate += chosenRewards[i] > rejectedRewards[i] ? 1 : 0;
            imagelessAccurate += chosenRewards[i] > imagelessRewards[i] ? 1 : 0;
        }
        assertThat(run.lossShape()).isEqualTo(new Shape());
        assertClose("loss", run.loss(), dpo + imageConditional + anchor, tolerance);
        assertClose("d loss / d logπ(y_w|m)", run.gradient(PW), gradPw, tolerance);
        assertClose("d loss / d logπ(y_l|m)", run.gradient(PL), gradPl, tolerance);
        if (ic) {
            assertClose("d loss / d logπ(y_w|m′)", run.gradient(PW_CORRUPTED), gradPwCorrupted, tolerance);
            assertThat(run.hasGradient()).containsExactly(true, true, false, false, true, false);
        } else if (run.gradient(PW_CORRUPTED) != null) {
            assertClose("d loss / d logπ(y_w|m′), term dropped", run.gradient(PW_CORRUPTED), gradPwCorrupted, tolerance);
        }

        var m = run.metrics();
        assertClose("loss/dpo", m.get("loss/dpo"), dpo, tolerance);
        assertClose("loss/image_conditional", m.get("loss/image_conditional"), imageConditional, tolerance);
        assertClose("loss/anchor", m.get("loss/anchor"), anchor, tolerance);
        assertClose("metric loss", m.get("loss"), run.loss(), tolerance);
        assertClose("rewards/chosen", m.get("rewards/chosen"), mean(chosenRewards), tolerance);
        assertClose("rewards/rejected", m.get("rewards/rejected"), mean(rejectedRewards), tolerance);
        assertClose("rewards/margins", m.get("rewards/margins"), mean(chosenRewards) - mean(rejectedRewards), tolerance);
        assertThat(m.get("rewards/accuracies")).isEqualTo(accurate / n);
        assertClose("logps/chosen", m.get("logps/chosen"), mean(batch.pw()), tolerance);
        assertClose("logps/rejected", m.get("logps/rejected"), mean(batch.pl()), tolerance);
        if (!ic) {
            assertThat(m).doesNotContainKeys("rewards/imageless_chosen", "rewards/imageless_margins",
                    "rewards/imageless_accuracies", "logps/imageless_chosen");
            return;
        }
        assertClose("rewards/imageless_chosen", m.get("rewards/imageless_chosen"), mean(imagelessRewards), tolerance);
        assertClose("rewards/imageless_margins", m.get("rewards/imageless_margins"),
                mean(chosenRewards) - mean(imagelessRewards), tolerance);
        assertThat(m.get("rewards/imageless_accuracies")).isEqualTo(imagelessAccurate / n);
        assertClose("logps/imageless_chosen", m.get("logps/imageless_chosen"), mean(batch.pwCorrupted()), tolerance);
    }

    @Test
    void matches_the_hand_computed_loss_gradients_and_metrics_at_beta_one_tenth() {
        Run run = runMdpo(MdpoLoss.of(0.1), BATCH, DataType.FLOAT64);
        assertMdpo(run, BATCH, 0.1, 0, 0, F64);
        assertThat(run.metrics().get("rewards/imageless_accuracies")).isEqualTo(2.0 / 3);
    }

    @Test
    void matches_the_hand_computed_loss_gradients_and_metrics_with_beta_one_half_and_label_smoothing_one_tenth() {
        Run run = runMdpo(MdpoLoss.builder().beta(0.5).labelSmoothing(0.1).build(), FOUR, DataType.FLOAT64);
        assertMdpo(run, FOUR, 0.5, 0.1, 0, F64);
    }

    @Test
    void matches_the_hand_computed_loss_gradients_and_metrics_with_beta_two_label_smoothing_and_anchor_margin() {
        Run run = runMdpo(MdpoLoss.builder().beta(2.0).labelSmoothing(0.3).anchorDelta(0.5).build(), BATCH, DataType.FLOAT64);
        assertMdpo(run, BATCH, 2.0, 0.3, 0.5, F64);
    }

    @Test
    void stays_finite_and_exact_when_beta_times_logits_is_plus_or_minus_fifty() {
        Run run = runMdpo(MdpoLoss.builder().beta(0.5).labelSmoothing(0.1).build(), HUGE, DataType.FLOAT64);
        assertMdpo(run, HUGE, 0.5, 0.1, 0, F64);
        // dpo (5 + 45)/2, image-conditional (0 + 50)/2, anchor (−logσ(5) − logσ(−45))/2 ≈ 22.5034
        assertClose("loss", run.loss(), 25 + 25 + (Math.log1p(Math.exp(-5)) + 45 + Math.log1p(Math.exp(-45))) / 2, 1e-12);
    }

    @Test
    void without_the_image_conditional_term_matches_dpo_plus_anchor_by_hand() {
        MdpoLoss loss = MdpoLoss.builder().beta(0.5).labelSmoothing(0.1).imageConditional(false).build();
        Run run = runMdpo(loss, HUGE, DataType.FLOAT64);
        assertMdpo(run, HUGE, 0.5, 0.1, 0, false, true, F64);
        // dpo (0.9·log(1+e^−50) + 0.1·(50 + log(1+e^−50)) + 0.9·(50 + …) + 0.1·…)/2 = (5 + 45)/2 + log(1+e^−50) = 25,
        // anchor (log(1+e^−5) + 45 + log(1+e^−45))/2 ≈ 22.5034; no image-conditional 25
        double anchor = (Math.log1p(Math.exp(-5)) + 45 + Math.log1p(Math.exp(-45))) / 2;
        assertClose("loss", run.loss(), 25 + Math.log1p(Math.exp(-50)) + anchor, 1e-12);
        assertThat(run.metrics().get("loss/image_conditional")).isZero();
        assertThat(loss.terms()).isEqualTo("dpo+anchor");
        // πw gets DPO's and the anchor's slopes only: example 1, (β·(−0.9·σ(−50) + 0.1·σ(50)) − β·σ(−5))/2
        assertClose("d loss / d πw[0]", run.gradient(PW)[0],
                (0.5 * (-0.9 * sigmoid(-50) + 0.1 * sigmoid(50)) - 0.5 * sigmoid(-5)) / 2, 1e-12);
    }

    @Test
    void without_the_anchor_matches_dpo_plus_image_conditional_by_hand() {
        MdpoLoss loss = MdpoLoss.builder().beta(0.5).labelSmoothing(0.1).anchor(false).build();
        Run run = runMdpo(loss, HUGE, DataType.FLOAT64);
        assertMdpo(run, HUGE, 0.5, 0.1, 0, true, false, F64);
        // dpo 25 (+ log(1+e^−50)), image-conditional (log(1+e^−50) + 50 + log(1+e^−50))/2 = 25 (+ log(1+e^−50))
        assertClose("loss", run.loss(), 50 + 2 * Math.log1p(Math.exp(-50)), 1e-12);
        assertThat(run.metrics().get("loss/anchor")).isZero();
        assertThat(loss.terms()).isEqualTo("dpo+image_conditional");
        // ∂ℓ/∂πw′ of example 2 (v = −100): β·σ(50)/2 ≈ ¼
        assertClose("d loss / d πw′[1]", run.gradient(PW_CORRUPTED)[1], 0.5 * sigmoid(50) / 2, 1e-12);
    }

    @Test
    void the_ablations_match_the_hand_computed_loss_and_gradients_on_other_batches() {
        assertMdpo(runMdpo(MdpoLoss.builder().beta(2.0).labelSmoothing(0.3).anchorDelta(0.5).imageConditional(false).build(),
                BATCH, DataType.FLOAT64), BATCH, 2.0, 0.3, 0.5, false, true, F64);
        assertMdpo(runMdpo(MdpoLoss.builder().beta(0.1).anchor(false).build(), FOUR, DataType.FLOAT64),
                FOUR, 0.1, 0, 0, true, false, F64);
        assertMdpo(runMdpo(MdpoLoss.builder().beta(0.5).anchor(false).imageConditional(false).build(), FOUR,
                DataType.FLOAT32), FOUR, 0.5, 0, 0, false, false, F32);
    }

    @Test
    void with_both_terms_dropped_it_is_the_dpo_sigmoid_loss() {
        MdpoLoss mdpo = MdpoLoss.builder().beta(0.5).labelSmoothing(0.1).imageConditional(false).anchor(false).build();
        Run ablated = runMdpo(mdpo, FOUR, DataType.FLOAT64);
        Run dpo = run(DataType.FLOAT64, flags(true, true, false, false, true, false),
                a -> DpoLoss.builder().beta(0.5).labelSmoothing(0.1).build().compute(a[PW], a[PL], a[RW], a[RL]),
                FOUR.inputs());
        assertClose("loss", ablated.loss(), dpo.loss(), F64);
        assertClose("d / d πw", ablated.gradient(PW), dpo.gradient(PW), F64);
        assertThat(mdpo.terms()).isEqualTo("dpo");
        assertThat(MdpoLoss.of(0.1).terms()).isEqualTo("dpo+image_conditional+anchor");
        assertThat(MdpoLoss.of(0.1).imageConditional()).isTrue();
        assertThat(MdpoLoss.of(0.1).anchor()).isTrue();
    }

    @Test
    void the_three_parts_add_up_to_the_loss() {
        Run run = runMdpo(MdpoLoss.of(0.5), FOUR, DataType.FLOAT64);
        assertClose("sum of parts", run.metrics().get("loss/dpo") + run.metrics().get("loss/image_conditional")
                + run.metrics().get("loss/anchor"), run.loss(), F64);
    }

    @Test
    void computes_in_float32_within_relative_1e_5() {
        Run run = runMdpo(MdpoLoss.builder().beta(2.0).labelSmoothing(0.3).anchorDelta(-0.25).build(), FOUR, DataType.FLOAT32);
        assertThat(run.lossType()).isEqualTo(DataType.FLOAT32);
        assertMdpo(run, FOUR, 2.0, 0.3, -0.25, F32);
    }
}
