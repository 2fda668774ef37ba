package dev.groundwork.trainer.loss;

import static dev.groundwork.trainer.loss.LossOps.constantInput;
import static dev.groundwork.trainer.loss.LossOps.fractionGreater;
import static dev.groundwork.trainer.loss.LossOps.logSigmoid;
import static dev.groundwork.trainer.loss.LossOps.mean;
import static dev.groundwork.trainer.loss.LossOps.rewards;
import static dev.groundwork.trainer.loss.LossOps.scalar;
import static dev.groundwork.trainer.loss.LossOps.times;
import static dev.groundwork.trainer.loss.LossOps.values;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * mDPO, the multimodal DPO objective of Wang et al. 2024, "mDPO: Conditional Preference Optimization for Multimodal
 * Large Language Models" (EMNLP 2024, arXiv:2406.11839), on top of TRL's {@code DPOTrainer} sigmoid loss.
 *
 * <p>Inputs are (B,) log-probabilities summed over response tokens, for image m and its corrupted version m′:
 * logπ(y_w|m), logπ(y_l|m), logπ_ref(y_w|m), logπ_ref(y_l|m), and the chosen answer under the corrupted image,
 * logπ(y_w|m′), logπ_ref(y_w|m′). The per-example loss is the sum of
 *
 * <pre>
 *   DPO:               −logσ(β·logits)·(1−ls) − logσ(−β·logits)·ls,
 *                      logits = (logπ(y_w|m) − logπ(y_l|m)) − (logπ_ref(y_w|m) − logπ_ref(y_l|m))
 *   image-conditional: −logσ(β·[(logπ(y_w|m) − logπ(y_w|m′)) − (logπ_ref(y_w|m) − logπ_ref(y_w|m′))])
 *   anchor:            −logσ(β·(logπ(y_w|m) − logπ_ref(y_w|m)) − δ)
 * </pre>
 *
 * and the loss is its batch mean; β &gt; 0, ls ∈ [0, ½) (DPO term only), anchor margin δ (0 by default, as in the
 * reference implementation). Reference inputs are constants (detached if they track gradients).
 *
 * <p>Metrics: those of {@link DpoLoss} plus {@code rewards/imageless_chosen} = β(logπ(y_w|m′) − logπ_ref(y_w|m′)),
 * {@code rewards/imageless_margins} = rewards/chosen − rewards/imageless_chosen, {@code rewards/imageless_accuracies}
 * = mean(rewards/chosen &gt; rewards/imageless_chosen), {@code logps/imageless_chosen}, and the three loss parts
 * {@code loss/dpo}, {@code loss/image_conditional}, {@code loss/anchor} (batch means that add up to {@code loss}).
 *
 * <p>All intermediate arrays and the loss live in the manager of {@code policyChosen}: open a sub-manager per step.
 */
public final class MdpoLoss {

    private static final String[] INPUT_NAMES = {"policyChosen", "policyRejected", "referenceChosen", "referenceRejected",
        "policyChosenCorrupted", "referenceChosenCorrupted"};

    private final double beta;
    private final double labelSmoothing;
    private final double anchorDelta;

    private MdpoLoss(Builder builder) {
        LossOps.requireBeta(builder.beta);
        LossOps.requireLabelSmoothing(builder.labelSmoothing);
        if (!Double.isFinite(builder.anchorDelta)) {
            throw new IllegalArgumentException("anchorDelta must be finite, was " + builder.anchorDelta);
        }
        this.beta = builder.beta;
        this.labelSmoothing = builder.labelSmoothing;
        this.anchorDelta = builder.anchorDelta;
    }

    /** mDPO with temperature β, no label smoothing and δ = 0. */
    public static MdpoLoss of(double beta) {
        return builder().beta(beta).build();
    }

    /** A builder; defaults: β = 0.1, ls = 0, δ = 0. */
    public static Builder builder() {
        return new Builder();
    }

    public double beta() {
        return beta;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public double anchorDelta() {
        return anchorDelta;
    }

    /**
     * The loss of one batch; all six arrays have shape (B,) and one floating dtype.
     *
     * @param policyChosenCorrupted logπ(y_w|m′), the policy's log-probability of the chosen answer given the corrupted image
     * @param referenceChosenCorrupted logπ_ref(y_w|m′)
     * @throws IllegalArgumentException if shapes or dtypes differ
     */
    public LossOutput compute(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen, NDArray referenceRejected,
            NDArray policyChosenCorrupted, NDArray referenceChosenCorrupted) {
        return compute(policyChosen, policyRejected, referenceChosen, referenceRejected, policyChosenCorrupted,
                referenceChosenCorrupted, null);
    }

    /**
     * As above, with a per-pair loss weight applied to each of the three terms: {@code (1/B) Σ w_i ℓ_i}.
     *
     * @param weights (B,) the pairs' weights, or null for 1
     */
    public LossOutput compute(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen, NDArray referenceRejected,
            NDArray policyChosenCorrupted, NDArray referenceChosenCorrupted, NDArray weights) {
        LossOps.requireBatchVectors(INPUT_NAMES, policyChosen, policyRejected, referenceChosen, referenceRejected,
                policyChosenCorrupted, referenceChosenCorrupted);
        NDArray refChosen = constantInput(referenceChosen, policyChosen);
        NDArray refChosenCorrupted = constantInput(referenceChosenCorrupted, policyChosen);

        NDArray logits = DpoLoss.logits(policyChosen, policyRejected, refChosen, referenceRejected);
        NDArray dpo = LossOps.weightedMean(DpoLoss.perExample(DpoLossType.SIGMOID, logits, beta, labelSmoothing), weights);

        NDArray imageConditionalLogits = policyChosen.sub(policyChosenCorrupted).sub(refChosen).add(refChosenCorrupted);
        NDArray imageConditional = LossOps.weightedMean(logSigmoid(times(imageConditionalLogits, beta)).neg(), weights);

        NDArray anchor = LossOps.weightedMean(logSigmoid(times(policyChosen.sub(refChosen), beta).sub(anchorDelta)).neg(), weights);

        NDArray loss = dpo.add(imageConditional).add(anchor);

        double[] pw = values(policyChosen);
        double[] rw = values(referenceChosen);
        double[] pwCorrupted = values(policyChosenCorrupted);
        double[] rwCorrupted = values(referenceChosenCorrupted);
        Map<String, Double> metrics = DpoLoss.preferenceMetrics(beta, pw, values(policyRejected), rw, values(referenceRejected));
        double[] chosenRewards = rewards(beta, pw, rw);
        double[] imagelessRewards = rewards(beta, pwCorrupted, rwCorrupted);
        metrics.put(MetricNames.REWARDS_IMAGELESS_CHOSEN, mean(imagelessRewards));
        metrics.put(MetricNames.REWARDS_IMAGELESS_ACCURACIES, fractionGreater(chosenRewards, imagelessRewards));
        metrics.put(MetricNames.REWARDS_IMAGELESS_MARGINS, mean(chosenRewards) - mean(imagelessRewards));
        metrics.put(MetricNames.LOGPS_IMAGELESS_CHOSEN, mean(pwCorrupted));
        metrics.put(MetricNames.LOSS_DPO, scalar(dpo));
        metrics.put(MetricNames.LOSS_IMAGE_CONDITIONAL, scalar(imageConditional));
        metrics.put(MetricNames.LOSS_ANCHOR, scalar(anchor));
        metrics.put(MetricNames.LOSS, scalar(loss));
        return new LossOutput(loss, metrics);
    }

    /** Builder for {@link MdpoLoss}. */
    public static final class Builder {
        private double beta = 0.1;
        private double labelSmoothing;
        private double anchorDelta;

        private Builder() {
        }

        /** The temperature β &gt; 0, shared by the three terms. */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Label smoothing ls ∈ [0, ½) of the DPO term. */
        public Builder labelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /** The anchor's reward margin δ (finite; 0 by default). */
        public Builder anchorDelta(double anchorDelta) {
            this.anchorDelta = anchorDelta;
            return this;
        }

        /** @throws IllegalArgumentException if a parameter is out of range */
        public MdpoLoss build() {
            return new MdpoLoss(this);
        }
    }
}
