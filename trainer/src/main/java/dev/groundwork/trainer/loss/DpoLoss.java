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
 * <p>Inputs are (B,) arrays of log-probabilities <em>summed</em> over the response tokens: logπ(y_w|x), logπ(y_l|x)
 * of the policy and logπ_ref(y_w|x), logπ_ref(y_l|x) of the frozen reference, and, where the loss needs them, the
 * number of response tokens n_w, n_l of each chosen and rejected answer. Each loss type reads the log-probabilities
 * as TRL feeds them: sigmoid, hinge and robust use the sums; ipo uses them averaged over each response's tokens,
 * ā = logπ(y|x) / n (TRL's {@code concatenated_forward}: {@code if loss_type == "ipo": all_logps = all_logps /
 * loss_mask.sum(-1)}, for the policy and the reference alike). With ℓπ_w … the log-probabilities so read,
 *
 * <pre>
 *   logits = (ℓπ_w − ℓπ_l) − (ℓref_w − ℓref_l),   β &gt; 0,   ls ∈ [0, ½)
 * </pre>
 *
 * the per-example loss is
 *
 * <pre>
 *   sigmoid: −logσ(β·logits)·(1−ls) − logσ(−β·logits)·ls
 *   hinge:   relu(1 − β·logits)
 *   ipo:     (logits − 1/(2β))²          (logits from the per-token averages)
 *   robust:  (−logσ(β·logits)·(1−ls) + logσ(−β·logits)·ls) / (1 − 2·ls)
 * </pre>
 *
 * and the returned loss is its batch mean, plus an optional SFT term (TRL's {@code rpo_alpha}), the negative
 * log-likelihood of the chosen answers token-weighted over the batch as TRL's cross-entropy over all chosen tokens
 * computes it: {@code sftWeight · (−Σ_i logπ(y_w,i|x) / Σ_i n_w,i)} (weight 0 by default). logσ is computed stably as
 * −softplus(−x). The reference inputs are constants: if they track gradients they are detached, so no gradient
 * reaches a reference model. mDPO (Wang et al. 2024, "mDPO: Conditional Preference Optimization for Multimodal Large
 * Language Models") builds on the sigmoid loss; see {@link MdpoLoss}.
 *
 * <p>Metrics (batch means, TRL names, from the log-probabilities as the loss reads them, so per-token averages for
 * ipo as in TRL): {@code rewards/chosen} = β(ℓπ_w − ℓref_w), {@code rewards/rejected} = β(ℓπ_l − ℓref_l),
 * {@code rewards/accuracies}, {@code rewards/margins}, {@code logps/chosen}, {@code logps/rejected}, {@code loss},
 * and {@code nll_loss} when token counts are given. The trainers add {@code logits/chosen} and
 * {@code logits/rejected} from the model's logits ({@link ResponseLogits}).
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
     * The loss of one batch from summed log-probabilities, without token counts: for sigmoid, hinge and robust with
     * {@code sftWeight} 0.
     *
     * @throws IllegalArgumentException if shapes or dtypes differ, the type is ipo (it needs the token counts to
     *     average), or the SFT term is on
     */
    public LossOutput compute(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen, NDArray referenceRejected) {
        return computeFrom(policyChosen, policyRejected, referenceChosen, referenceRejected, null, null, null);
    }

    /**
     * The loss of one batch from summed log-probabilities and the response token counts, the call the trainers make.
     *
     * @param chosenTokenCounts (B,) number of response tokens of each chosen answer, any numeric dtype, all &gt; 0
     * @param rejectedTokenCounts (B,) the same for the rejected answers
     * @throws IllegalArgumentException if shapes or dtypes differ or a token count is not positive
     */
    public LossOutput compute(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen, NDArray referenceRejected,
            NDArray chosenTokenCounts, NDArray rejectedTokenCounts) {
        if (chosenTokenCounts == null || rejectedTokenCounts == null) {
            throw new IllegalArgumentException("chosenTokenCounts and rejectedTokenCounts must not be null");
        }
        return computeFrom(policyChosen, policyRejected, referenceChosen, referenceRejected, chosenTokenCounts,
                rejectedTokenCounts, null);
    }

    /**
     * As {@link #compute(NDArray, NDArray, NDArray, NDArray, NDArray, NDArray)}, with a per-pair loss weight: the
     * preference loss is {@code (1/B) Σ w_i ℓ_i} (the SFT term stays token-weighted over the batch, unweighted).
     *
     * @param weights (B,) the pairs' weights, e.g. the judges' agreement from the preference policy
     */
    public LossOutput compute(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen, NDArray referenceRejected,
            NDArray chosenTokenCounts, NDArray rejectedTokenCounts, NDArray weights) {
        if (chosenTokenCounts == null || rejectedTokenCounts == null || weights == null) {
            throw new IllegalArgumentException("chosenTokenCounts, rejectedTokenCounts and weights must not be null");
        }
        return computeFrom(policyChosen, policyRejected, referenceChosen, referenceRejected, chosenTokenCounts,
                rejectedTokenCounts, weights);
    }

    private LossOutput computeFrom(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen,
            NDArray referenceRejected, NDArray chosenTokenCounts, NDArray rejectedTokenCounts, NDArray weights) {
        LossOps.requireBatchVectors(INPUT_NAMES, policyChosen, policyRejected, referenceChosen, referenceRejected);
        boolean counted = chosenTokenCounts != null;
        if (sftWeight > 0 && !counted) {
            throw new IllegalArgumentException("sftWeight is " + sftWeight + " > 0, so response token counts are required");
        }
        if (type == DpoLossType.IPO && !counted) {
            throw new IllegalArgumentException("the ipo loss averages log-probabilities over each response's tokens (as TRL"
                    + " does), so response token counts are required");
        }
        NDArray chosenTokens = counted ? tokenCounts("chosenTokenCounts", chosenTokenCounts, policyChosen) : null;
        NDArray rejectedTokens = counted ? tokenCounts("rejectedTokenCounts", rejectedTokenCounts, policyChosen) : null;

        NDArray pw = policyChosen;
        NDArray pl = policyRejected;
        NDArray rw = referenceChosen;
        NDArray rl = referenceRejected;
        if (type.averagesOverTokens()) {
            pw = policyChosen.div(chosenTokens);
            pl = policyRejected.div(rejectedTokens);
            rw = perToken(referenceChosen, chosenTokens, policyChosen);
            rl = perToken(referenceRejected, rejectedTokens, policyChosen);
        }

        NDArray logits = logits(pw, pl, rw, rl);
        NDArray loss = LossOps.weightedMean(perExample(type, logits, beta, labelSmoothing), weights);

        Double nll = null;
        if (counted) {
            // TRL: F.cross_entropy over all chosen tokens of the batch = Σ token NLL / number of chosen tokens.
            NDArray nllValue = policyChosen.sum().neg().div(chosenTokens.sum());
            nll = scalar(nllValue);
            if (sftWeight > 0) {
                loss = loss.add(times(nllValue, sftWeight));
            }
        }

        Map<String, Double> metrics = preferenceMetrics(beta, values(pw), values(pl), values(rw), values(rl));
        if (nll != null) {
            metrics.put(MetricNames.NLL_LOSS, nll);
        }
        metrics.put(MetricNames.LOSS, scalar(loss));
        return new LossOutput(loss, metrics);
    }

    /** {@code reference / counts} as a constant in {@code owner}'s manager (the counts live there already). */
    private static NDArray perToken(NDArray reference, NDArray counts, NDArray owner) {
        NDArray constant = constantInput(reference, owner);
        return constant(counts, 1.0).div(counts).mul(constant);
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
    private static NDArray tokenCounts(String name, NDArray counts, NDArray policyChosen) {
        if (!counts.getShape().equals(policyChosen.getShape())) {
            throw new IllegalArgumentException(name + " has shape " + counts.getShape() + " but policyChosen has shape "
                    + policyChosen.getShape() + "; all inputs must have the same shape (B,)");
        }
        for (double count : values(counts)) {
            if (!(count > 0)) {
                throw new IllegalArgumentException("every count in " + name + " must be > 0, got " + count);
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

        /**
         * Weight ≥ 0 of the SFT term −Σ logπ(y_w|x) / Σ n_w, the chosen answers' token-weighted NLL (TRL's
         * {@code rpo_alpha}); 0 turns it off.
         */
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
