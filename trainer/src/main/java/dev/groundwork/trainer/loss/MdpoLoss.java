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
 * <p>Ablations (the paper's Table 3, "mDPO w/o conditional preference" and "w/o anchored preference"): the builder can
 * drop the image-conditional term ({@link Builder#imageConditional(boolean)}) or the anchor
 * ({@link Builder#anchor(boolean)}); a dropped term is neither computed nor added, and its {@code loss/…} part is 0.
 * Without the image-conditional term the corrupted-image inputs only have their shapes checked (they get no gradient)
 * and the {@code imageless} metrics are left out, so a trainer may pass any (B,) arrays there; with both terms dropped
 * the loss is DPO's sigmoid loss.
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
    private final boolean imageConditional;
    private final boolean anchor;

    private MdpoLoss(Builder builder) {
        LossOps.requireBeta(builder.beta);
        LossOps.requireLabelSmoothing(builder.labelSmoothing);
        if (!Double.isFinite(builder.anchorDelta)) {
            throw new IllegalArgumentException("anchorDelta must be finite, was " + builder.anchorDelta);
        }
        this.beta = builder.beta;
        this.labelSmoothing = builder.labelSmoothing;
        this.anchorDelta = builder.anchorDelta;
        this.imageConditional = builder.imageConditional;
        this.anchor = builder.anchor;
    }

    /** mDPO with temperature β, no label smoothing and δ = 0. */
    public static MdpoLoss of(double beta) {
        return builder().beta(beta).build();
    }

    /** A builder; defaults: β = 0.1, ls = 0, δ = 0, all three terms on. */
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

    /** Whether the image-conditional term is part of the loss (false for the "w/o conditional" ablation). */
    public boolean imageConditional() {
        return imageConditional;
    }

    /** Whether the anchor is part of the loss (false for the "w/o anchor" ablation). */
    public boolean anchor() {
        return anchor;
    }

    /** The terms in the loss, e.g. {@code dpo+image_conditional+anchor} or {@code dpo+anchor}. */
    public String terms() {
        return "dpo" + (imageConditional ? "+image_conditional" : "") + (anchor ? "+anchor" : "");
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

        NDArray loss = dpo;
        double imageConditionalPart = 0;
        if (imageConditional) {
            NDArray logitsV = policyChosen.sub(policyChosenCorrupted).sub(refChosen).add(refChosenCorrupted);
            NDArray term = LossOps.weightedMean(logSigmoid(times(logitsV, beta)).neg(), weights);
            loss = loss.add(term);
            imageConditionalPart = scalar(term);
        }
        double anchorPart = 0;
        if (anchor) {
            NDArray term = LossOps.weightedMean(logSigmoid(times(policyChosen.sub(refChosen), beta).sub(anchorDelta)).neg(),
                    weights);
            loss = loss.add(term);
            anchorPart = scalar(term);
        }

        double[] pw = values(policyChosen);
        double[] rw = values(referenceChosen);
        Map<String, Double> metrics = DpoLoss.preferenceMetrics(beta, pw, values(policyRejected), rw, values(referenceRejected));
        if (imageConditional) {
            double[] pwCorrupted = values(policyChosenCorrupted);
            double[] chosenRewards = rewards(beta, pw, rw);
            double[] imagelessRewards = rewards(beta, pwCorrupted, values(referenceChosenCorrupted));
            metrics.put(MetricNames.REWARDS_IMAGELESS_CHOSEN, mean(imagelessRewards));
            metrics.put(MetricNames.REWARDS_IMAGELESS_ACCURACIES, fractionGreater(chosenRewards, imagelessRewards));
            metrics.put(MetricNames.REWARDS_IMAGELESS_MARGINS, mean(chosenRewards) - mean(imagelessRewards));
            metrics.put(MetricNames.LOGPS_IMAGELESS_CHOSEN, mean(pwCorrupted));
        }
        metrics.put(MetricNames.LOSS_DPO, scalar(dpo));
        metrics.put(MetricNames.LOSS_IMAGE_CONDITIONAL, imageConditionalPart);
        metrics.put(MetricNames.LOSS_ANCHOR, anchorPart);
        metrics.put(MetricNames.LOSS, scalar(loss));
        return new LossOutput(loss, metrics);
    }

    /** Builder for {@link MdpoLoss}. */
    public static final class Builder {
        private double beta = 0.1;
        private double labelSmoothing;
        private double anchorDelta;
        private boolean imageConditional = true;
        private boolean anchor = true;

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

        /** Keeps ({@code true}, the default) or drops the image-conditional term. */
        public Builder imageConditional(boolean enabled) {
            this.imageConditional = enabled;
            return this;
        }

        /** Keeps ({@code true}, the default) or drops the anchor. */
        public Builder anchor(boolean enabled) {
            this.anchor = enabled;
            return this;
        }

        /** @throws IllegalArgumentException if a parameter is out of range */
        public MdpoLoss build() {
            return new MdpoLoss(this);
        }
    }
}
