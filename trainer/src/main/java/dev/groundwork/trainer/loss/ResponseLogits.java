package dev.groundwork.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TRL's {@code logits/chosen} and {@code logits/rejected} metrics. TRL's {@code DPOTrainer.concatenated_forward}
 * (https://github.com/huggingface/trl, {@code trl/trainer/dpo_trainer.py}) shifts the logits by one position to align
 * them with the labels ({@code logits[:, :-1]}, {@code loss_mask[:, 1:]}) and logs
 *
 * <pre>
 *   mean_chosen_logits   = logits[:num_examples][loss_mask[:num_examples]].mean()
 *   mean_rejected_logits = logits[num_examples:][loss_mask[num_examples:]].mean()
 * </pre>
 *
 * that is, the mean over every vocabulary entry of the logits at each position t whose next token t+1 is a response
 * token, pooled over all chosen (rejected) rows of the batch — token-weighted, not a mean of per-row means:
 *
 * <pre>
 *   logits/chosen = Σ_{i chosen} Σ_{t ≥ 0} mask[i, t+1] · Σ_v logits[i, t, v]  /  (V · Σ_{i chosen} Σ_{t ≥ 0} mask[i, t+1])
 * </pre>
 *
 * Read without touching the autograd graph. NaN when the rows have no response token (torch's mean of nothing).
 */
public final class ResponseLogits {

    private ResponseLogits() {
    }

    /**
     * The pooled mean response logit of rows {@code [from, to)}.
     *
     * @param logits (R,T,V) next-token logits aligned to {@code responseMask}'s tokens
     * @param responseMask (R,T) 1 on response tokens, as {@code SequenceLogProbs} reads it (position 0 ignored)
     * @throws IllegalArgumentException if the shapes disagree or the row range is outside the batch
     */
    public static double mean(NDArray logits, NDArray responseMask, int from, int to) {
        Shape shape = logits.getShape();
        if (shape.dimension() != 3 || !responseMask.getShape().equals(new Shape(shape.get(0), shape.get(1)))) {
            throw new IllegalArgumentException("logits must have shape (R,T,V) and responseMask (R,T), were " + shape + " and "
                    + responseMask.getShape());
        }
        if (from < 0 || to > shape.get(0) || from >= to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") are not a non-empty range of " + shape.get(0));
        }
        long t = shape.get(1);
        if (t < 2) {
            return Double.NaN;
        }
        double[] rowSums;
        double[] mask;
        try (NDArray detached = logits.stopGradient();
                NDArray shifted = detached.get(new NDIndex("{}:{}, :-1, :", from, to));
                NDArray summed = shifted.sum(new int[] {2});
                NDArray maskRows = responseMask.get(new NDIndex("{}:{}, 1:", from, to))) {
            rowSums = LossOps.values(summed);
            mask = LossOps.values(maskRows);
        }
        double total = 0;
        double positions = 0;
        for (int k = 0; k < rowSums.length; k++) {
            total += mask[k] * rowSums[k];
            positions += mask[k];
        }
        return positions == 0 ? Double.NaN : total / (positions * shape.get(2));
    }

    /**
     * {@code logits/chosen} over rows {@code [0, pairs)} and {@code logits/rejected} over rows {@code [pairs, 2·pairs)}
     * (the trainers' row order: chosen answers first, then rejected ones, then anything else).
     */
    public static Map<String, Double> metrics(NDArray logits, NDArray responseMask, int pairs) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricNames.LOGITS_CHOSEN, mean(logits, responseMask, 0, pairs));
        metrics.put(MetricNames.LOGITS_REJECTED, mean(logits, responseMask, pairs, 2 * pairs));
        return metrics;
    }
}
