package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LossArgumentValidationTest extends DjlTestSupport {

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void beta_must_be_finite_and_positive(double beta) {
        assertThatIllegalArgumentException().isThrownBy(() -> DpoLoss.sigmoid(beta))
                .withMessageContaining("beta must be a finite number > 0");
        assertThatIllegalArgumentException().isThrownBy(() -> MdpoLoss.of(beta))
                .withMessageContaining("beta must be a finite number > 0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 0.5, 0.7, Double.NaN})
    void label_smoothing_must_lie_in_zero_inclusive_to_one_half_exclusive(double ls) {
        assertThatIllegalArgumentException().isThrownBy(() -> DpoLoss.builder().labelSmoothing(ls).build())
                .withMessageContaining("labelSmoothing must be in [0, 0.5)");
        assertThatIllegalArgumentException().isThrownBy(() -> MdpoLoss.builder().labelSmoothing(ls).build())
                .withMessageContaining("labelSmoothing must be in [0, 0.5)");
    }

    @Test
    void label_smoothing_is_rejected_for_losses_that_do_not_use_it() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DpoLoss.builder().type(DpoLossType.HINGE).labelSmoothing(0.1).build())
                .withMessageContaining("only defined for the sigmoid and robust losses, not hinge");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DpoLoss.builder().type(DpoLossType.IPO).labelSmoothing(0.1).build())
                .withMessageContaining("not ipo");
        assertThatCode(() -> DpoLoss.builder().type(DpoLossType.ROBUST).labelSmoothing(0.49).build()).doesNotThrowAnyException();
    }

    @Test
    void sft_weight_and_anchor_delta_must_be_finite() {
        assertThatIllegalArgumentException().isThrownBy(() -> DpoLoss.builder().sftWeight(-1).build())
                .withMessageContaining("sftWeight must be a finite number >= 0");
        assertThatIllegalArgumentException().isThrownBy(() -> MdpoLoss.builder().anchorDelta(Double.NaN).build())
                .withMessageContaining("anchorDelta must be finite");
    }

    @Test
    void builders_default_to_trl_defaults() {
        DpoLoss dpo = DpoLoss.builder().build();
        assertThat(dpo.type()).isEqualTo(DpoLossType.SIGMOID);
        assertThat(dpo.beta()).isEqualTo(0.1);
        assertThat(dpo.labelSmoothing()).isZero();
        assertThat(dpo.sftWeight()).isZero();
        MdpoLoss mdpo = MdpoLoss.builder().build();
        assertThat(mdpo.beta()).isEqualTo(0.1);
        assertThat(mdpo.anchorDelta()).isZero();
    }

    @Test
    void loss_types_are_looked_up_by_their_trl_names() {
        assertThat(DpoLossType.fromTrlName("ipo")).isEqualTo(DpoLossType.IPO);
        assertThat(DpoLossType.ROBUST.trlName()).isEqualTo("robust");
        assertThatIllegalArgumentException().isThrownBy(() -> DpoLossType.fromTrlName("kto_pair"))
                .withMessageContaining("unknown DPO loss type 'kto_pair'");
    }

    @Test
    void inputs_of_different_shapes_are_rejected_with_the_offending_name() {
        try (NDManager sm = newSubManager()) {
            NDArray three = sm.create(new double[] {1, 2, 3});
            NDArray two = sm.create(new double[] {1, 2});
            assertThatIllegalArgumentException().isThrownBy(() -> DpoLoss.sigmoid(0.1).compute(three, three, two, three))
                    .withMessageContaining("referenceChosen has shape (2) but policyChosen has shape (3)");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MdpoLoss.of(0.1).compute(three, three, three, three, two, three))
                    .withMessageContaining("policyChosenCorrupted has shape (2)");
            assertThatIllegalArgumentException().isThrownBy(() -> BradleyTerryLoss.create().compute(three, two))
                    .withMessageContaining("rewardsRejected has shape (2) but rewardsChosen has shape (3)");
        }
    }

    @Test
    void inputs_must_be_vectors_of_one_floating_dtype() {
        try (NDManager sm = newSubManager()) {
            NDArray matrix = sm.create(new double[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray doubles = sm.create(new double[] {1, 2});
            NDArray floats = sm.create(new float[] {1, 2});
            NDArray ints = sm.create(new int[] {1, 2});
            assertThatIllegalArgumentException().isThrownBy(() -> DpoLoss.sigmoid(0.1).compute(matrix, matrix, matrix, matrix))
                    .withMessageContaining("policyChosen must have shape (B,)");
            assertThatIllegalArgumentException().isThrownBy(() -> DpoLoss.sigmoid(0.1).compute(doubles, floats, doubles, doubles))
                    .withMessageContaining("policyRejected is float32 but policyChosen is float64");
            assertThatIllegalArgumentException().isThrownBy(() -> BradleyTerryLoss.create().compute(ints, ints))
                    .withMessageContaining("must be floating point");
            assertThatIllegalArgumentException().isThrownBy(() -> DpoLoss.sigmoid(0.1).compute(doubles, null, doubles, doubles))
                    .withMessageContaining("policyRejected must not be null");
        }
    }

    @Test
    void the_sft_term_needs_positive_token_counts_of_the_same_shape() {
        DpoLoss withSft = DpoLoss.builder().sftWeight(0.5).build();
        try (NDManager sm = newSubManager()) {
            NDArray x = sm.create(new double[] {-1, -2});
            NDArray counts = sm.create(new long[] {3, 4});
            assertThatIllegalArgumentException().isThrownBy(() -> withSft.compute(x, x, x, x))
                    .withMessageContaining("response token counts are required");
            assertThatIllegalArgumentException().isThrownBy(() -> withSft.compute(x, x, x, x, sm.create(new long[] {3, 0}), counts))
                    .withMessageContaining("every count in chosenTokenCounts must be > 0, got 0.0");
            assertThatIllegalArgumentException().isThrownBy(() -> withSft.compute(x, x, x, x, counts, sm.create(new long[] {3})))
                    .withMessageContaining("rejectedTokenCounts has shape (1)");
            assertThatIllegalArgumentException().isThrownBy(() -> withSft.compute(x, x, x, x, counts, null))
                    .withMessageContaining("must not be null");
        }
    }

    @Test
    void the_ipo_loss_refuses_sums_without_token_counts() {
        try (NDManager sm = newSubManager()) {
            NDArray x = sm.create(new double[] {-1, -2});
            assertThatIllegalArgumentException().isThrownBy(() -> DpoLoss.of(DpoLossType.IPO, 0.1).compute(x, x, x, x))
                    .withMessageContaining("ipo loss averages log-probabilities");
        }
    }

    @Test
    void an_unknown_metric_name_lists_the_known_ones() {
        try (NDManager sm = newSubManager()) {
            LossOutput out = new LossOutput(sm.create(1.0), Map.of("loss", 1.0));
            assertThat(out.metric("loss")).isEqualTo(1.0);
            assertThatIllegalArgumentException().isThrownBy(() -> out.metric("rewards/chosen"))
                    .withMessageContaining("no metric 'rewards/chosen'").withMessageContaining("[loss]");
        }
    }
}
