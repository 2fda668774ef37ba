package dev.groundwork.trainer.loss;

import static dev.groundwork.trainer.loss.LossOps.fractionGreater;
import static dev.groundwork.trainer.loss.LossOps.logSigmoid;
import static dev.groundwork.trainer.loss.LossOps.scalar;
import static dev.groundwork.trainer.loss.LossOps.values;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Bradley–Terry pairwise loss of a reward model, as TRL's {@code RewardTrainer} computes it:
 *
 * <pre>
 *   loss = mean(−logσ(r_w − r_l))
 * </pre>
 *
 * for (B,) scalar rewards r_w of the chosen and r_l of the rejected answers, with logσ computed stably as
 * −softplus(−x). Gradients flow into both reward arrays. Metrics (TRL names): {@code accuracy} = mean(r_w &gt; r_l),
 * {@code margin} = mean(r_w − r_l), {@code loss}. The loss lives in the manager of {@code rewardsChosen}.
 */
public final class BradleyTerryLoss {

    private static final String[] INPUT_NAMES = {"rewardsChosen", "rewardsRejected"};
    private static final BradleyTerryLoss INSTANCE = new BradleyTerryLoss();

    private BradleyTerryLoss() {
    }

    /** The (parameterless) Bradley–Terry loss. */
    public static BradleyTerryLoss create() {
        return INSTANCE;
    }

    /**
     * The loss of one batch.
     *
     * @throws IllegalArgumentException if the arrays are not (B,) vectors of one shape and floating dtype
     */
    public LossOutput compute(NDArray rewardsChosen, NDArray rewardsRejected) {
        return compute(rewardsChosen, rewardsRejected, null);
    }

    /**
     * The loss of one batch with per-pair weights: {@code (1/B) Σ w_i ·(−log σ(r_w − r_l))}.
     *
     * @param weights (B,) the pairs' weights, or null for 1
     */
    public LossOutput compute(NDArray rewardsChosen, NDArray rewardsRejected, NDArray weights) {
        LossOps.requireBatchVectors(INPUT_NAMES, rewardsChosen, rewardsRejected);
        NDArray loss = LossOps.weightedMean(logSigmoid(rewardsChosen.sub(rewardsRejected)).neg(), weights);

        double[] chosen = values(rewardsChosen);
        double[] rejected = values(rewardsRejected);
        double margin = 0;
        for (int i = 0; i < chosen.length; i++) {
            margin += chosen[i] - rejected[i];
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricNames.ACCURACY, fractionGreater(chosen, rejected));
        metrics.put(MetricNames.MARGIN, margin / chosen.length);
        metrics.put(MetricNames.LOSS, scalar(loss));
        return new LossOutput(loss, metrics);
    }
}
