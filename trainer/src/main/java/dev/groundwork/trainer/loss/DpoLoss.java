package dev.groundwork.trainer.loss;

import static dev.groundwork.trainer.loss.LossOps.constant;
import static dev.groundwork.trainer.loss.LossOps.constantInput;
import static dev.groundwork.trainer.loss.LossOps.fractionGreater;
import static dev.groundwork.trainer.loss.LossOps.logSigmoid;
import static dev.groundwork.trainer.loss.LossOps.mean;
import static dev.groundwork.trainer.loss.LossOps.rewards;
import static dev.groundwork.trainer.loss.LossOps.scalar;
import static dev.groundwork.trainer.loss.LossOps.times;
import static dev.groundwork.trainer.loss.LossOps.values;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Direct preference optimisation losses, as TRL's {@code DPOTrainer.dpo_loss} defines them
 * (https://github.com/huggingface/trl, {@code trl/trainer/dpo_trainer.py}).
 *
 * <p>Inputs are (B,) arrays of log-probabilities summed over the response tokens: logπ(y_w|x), logπ(y_l|x) of the
 * policy and logπ_ref(y_w|x), logπ_ref(y_l|x) of the frozen reference. With
 *
 * <pre>
 *   logits = (logπ(y_w|x) − logπ(y_l|x)) − (logπ_ref(y_w|x) − logπ_ref(y_l|x)),   β &gt; 0,   ls ∈ [0, ½)
 * </pre>
 *
 * the per-example loss is
 *
 * <pre>
 *   sigmoid: −logσ(β·logits)·(1−ls) − logσ(−β·logits)·ls
 *   hinge:   relu(1 − β·logits)
 *   ipo:     (logits − 1/(2β))²
 *   robust:  (−logσ(β·logits)·(1−ls) + logσ(−β·logits)·ls) / (1 − 2·ls)
 * </pre>
 *
 * and the returned loss is its batch mean, plus an optional SFT term (TRL's {@code rpo_alpha}):
 * {@code sftWeight · mean(−logπ(y_w|x) / n_w)} with n_w the number of chosen response tokens (weight 0 by default).
 * (For ipo TRL averages the log-probabilities over response tokens instead of summing; pass such averages to
 * match it.) logσ is computed stably as −softplus(−x). The reference inputs are constants: if they track gradients they are
 * detached, so no gradient reaches a reference model. mDPO (Wang et al. 2024, "mDPO: Conditional Preference
 * Optimization for Multimodal Large Language Models") builds on the sigmoid loss; see {@link MdpoLoss}.
 *
 * <p>Metrics (batch means, TRL names): {@code rewards/chosen} = β(logπ(y_w|x) − logπ_ref(y_w|x)),
 * {@code rewards/rejected} = β(logπ(y_l|x) − logπ_ref(y_l|x)), {@code rewards/accuracies}, {@code rewards/margins},
 * {@code logps/chosen}, {@code logps/rejected}, {@code loss}, and {@code nll_loss} when token counts are given.
 *
 * <p>All intermediate arrays and the loss live in the manager of {@code policyChosen}: open a sub-manager per step.
 */
public final class DpoLoss {

    private static final String[] INPUT_NAMES = {"policyChosen", "policyRejected", "referenceChosen", "referenceRejected"};

    private final DpoLossType type;
    private final double beta;
    private final double labelSmoothing;
    private final double sftWeight;

    private DpoLoss(Builder builder) {
        this.type = Objects.requireNonNull(builder.type, "type");
        LossOps.requireBeta(builder.beta);
        LossOps.requireLabelSmoothing(builder.labelSmoothing);
        if (builder.labelSmoothing != 0 && !type.supportsLabelSmoothing()) {
            throw new IllegalArgumentException("labelSmoothing is only defined for the sigmoid and robust losses, not "
                    + type.trlName() + " (was " + builder.labelSmoothing + ")");
        }
        if (!(builder.sftWeight >= 0) || Double.isInfinite(builder.sftWeight)) {
            throw new IllegalArgumentException("sftWeight must be a finite number >= 0, was " + builder.sftWeight);
        }
        this.beta = builder.beta;
        this.labelSmoothing = builder.labelSmoothing;
        this.sftWeight = builder.sftWeight;
    }

    /** The standard DPO loss, −logσ(β·logits). */
    public static DpoLoss sigmoid(double beta) {
        return builder().type(DpoLossType.SIGMOID).beta(beta).build();
    }

    /** The {@code type} loss with temperature β and no label smoothing or SFT term. */
    public static DpoLoss of(DpoLossType type, double beta) {
        return builder().type(type).beta(beta).build();
    }

    /** A builder; defaults: sigmoid, β = 0.1 (TRL's default), ls = 0, sftWeight = 0. */
    public static Builder builder() {
        return new Builder();
    }

    public DpoLossType type() {
        return type;
    }

    public double beta() {
        return beta;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public double sftWeight() {
        return sftWeight;
    }

    /**
     * The loss of one batch, without the SFT term's token counts (so {@code sftWeight} must be 0).
     *
     * @throws IllegalArgumentException if shapes or dtypes differ, or the SFT term is on
     */
    public LossOutput compute(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen, NDArray referenceRejected) {
        return compute(policyChosen, policyRejected, referenceChosen, referenceRejected, null);
    }

    /**
     * The loss of one batch.
     *
     * @param chosenTokenCounts (B,) number of response tokens of each chosen answer, any numeric dtype, all &gt; 0;
     *     needed when {@code sftWeight > 0}, otherwise optional (then only {@code nll_loss} is reported)
     * @throws IllegalArgumentException if shapes or dtypes differ, a token count is not positive, or the SFT term is on
     *     without token counts
     */
    public LossOutput compute(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen, NDArray referenceRejected,
            NDArray chosenTokenCounts) {
        LossOps.requireBatchVectors(INPUT_NAMES, policyChosen, policyRejected, referenceChosen, referenceRejected);
        if (sftWeight > 0 && chosenTokenCounts == null) {
            throw new IllegalArgumentException("sftWeight is " + sftWeight + " > 0, so chosenTokenCounts are required");
        }

        NDArray logits = logits(policyChosen, policyRejected, referenceChosen, referenceRejected);
        NDArray loss = perExample(type, logits, beta, labelSmoothing).mean();

        Double nll = null;
        if (chosenTokenCounts != null) {
            NDArray nllMean = policyChosen.neg().div(tokenCounts(chosenTokenCounts, policyChosen)).mean();
            nll = scalar(nllMean);
            if (sftWeight > 0) {
                loss = loss.add(times(nllMean, sftWeight));
            }
        }

        Map<String, Double> metrics = preferenceMetrics(beta, values(policyChosen), values(policyRejected),
                values(referenceChosen), values(referenceRejected));
        if (nll != null) {
            metrics.put(MetricNames.NLL_LOSS, nll);
        }
        metrics.put(MetricNames.LOSS, scalar(loss));
        return new LossOutput(loss, metrics);
    }

    /**
     * (πw − πl) − (refw − refl), evaluated from the policy side so that every result lives in πw's manager and the
     * reference enters only as a constant.
     */
    static NDArray logits(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen, NDArray referenceRejected) {
        return policyChosen.sub(policyRejected)
                .sub(constantInput(referenceChosen, policyChosen))
                .add(constantInput(referenceRejected, policyChosen));
    }

    /** The per-example (B,) loss of {@code type}; see the class comment. */
    static NDArray perExample(DpoLossType type, NDArray logits, double beta, double labelSmoothing) {
        switch (type) {
            case SIGMOID: {
                NDArray scaled = times(logits, beta);
                NDArray loss = logSigmoid(scaled).neg();
                if (labelSmoothing == 0) {
                    return loss;
                }
                return times(loss, 1 - labelSmoothing).sub(times(logSigmoid(scaled.neg()), labelSmoothing));
            }
            case HINGE:
                return Activation.relu(times(logits, beta).neg().add(1.0));
            case IPO:
                return logits.sub(1 / (2 * beta)).square();
            case ROBUST: {
                NDArray scaled = times(logits, beta);
                NDArray numerator = times(logSigmoid(scaled).neg(), 1 - labelSmoothing)
                        .add(times(logSigmoid(scaled.neg()), labelSmoothing));
                return numerator.div(constant(numerator, 1 - 2 * labelSmoothing));
            }
            default:
                throw new IllegalStateException("unhandled loss type " + type);
        }
    }

    /** The TRL DPO metrics except {@code loss}, in a mutable map. */
    static Map<String, Double> preferenceMetrics(double beta, double[] policyChosen, double[] policyRejected,
            double[] referenceChosen, double[] referenceRejected) {
        double[] chosenRewards = rewards(beta, policyChosen, referenceChosen);
        double[] rejectedRewards = rewards(beta, policyRejected, referenceRejected);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricNames.REWARDS_CHOSEN, mean(chosenRewards));
        metrics.put(MetricNames.REWARDS_REJECTED, mean(rejectedRewards));
        metrics.put(MetricNames.REWARDS_ACCURACIES, fractionGreater(chosenRewards, rejectedRewards));
        metrics.put(MetricNames.REWARDS_MARGINS, mean(chosenRewards) - mean(rejectedRewards));
        metrics.put(MetricNames.LOGPS_CHOSEN, mean(policyChosen));
        metrics.put(MetricNames.LOGPS_REJECTED, mean(policyRejected));
        return metrics;
    }

    /** The token counts as a constant in the policy's dtype and manager, after checking shape and positivity. */
    private static NDArray tokenCounts(NDArray counts, NDArray policyChosen) {
        if (!counts.getShape().equals(policyChosen.getShape())) {
            throw new IllegalArgumentException("chosenTokenCounts has shape " + counts.getShape() + " but policyChosen has shape "
                    + policyChosen.getShape() + "; all inputs must have the same shape (B,)");
        }
        for (double count : values(counts)) {
            if (!(count > 0)) {
                throw new IllegalArgumentException("every chosen token count must be > 0, got " + count);
            }
        }
        // A torch-owned copy: div saves its divisor for backward, and the caller's array may be JVM-backed or closed.
        NDArray detached = counts.stopGradient();
        NDArray converted = detached.getDataType() == policyChosen.getDataType()
                ? detached.duplicate()
                : detached.toType(policyChosen.getDataType(), false);
        detached.close();
        converted.attach(policyChosen.getManager());
        return converted;
    }

    /** Builder for {@link DpoLoss}. */
    public static final class Builder {
        private DpoLossType type = DpoLossType.SIGMOID;
        private double beta = 0.1;
        private double labelSmoothing;
        private double sftWeight;

        private Builder() {
        }

        public Builder type(DpoLossType type) {
            this.type = type;
            return this;
        }

        /** The temperature β &gt; 0 (TRL default 0.1). */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Label smoothing ls ∈ [0, ½) — the assumed probability that a preference label is flipped (sigmoid, robust). */
        public Builder labelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /** Weight ≥ 0 of the SFT term mean(−logπ(y_w|x) / n_w) (TRL's {@code rpo_alpha}); 0 turns it off. */
        public Builder sftWeight(double sftWeight) {
            this.sftWeight = sftWeight;
            return this;
        }

        /** @throws IllegalArgumentException if a parameter is out of range */
        public DpoLoss build() {
            return new DpoLoss(this);
        }
    }
}
