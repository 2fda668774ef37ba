package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.LossOutput;
import dev.groundwork.trainer.loss.ResponseLogits;
import dev.groundwork.trainer.model.SequenceLogProbs;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VlmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DPO: the policy against its frozen reference with a configurable {@link DpoLoss} (type, β, label smoothing, SFT
 * weight). One policy forward over {@code [chosen…, rejected…]} per step, inside the gradient collector; the
 * reference forward tracks nothing. The loss gets summed response log-probabilities and each response's token count
 * (ipo averages over them, the SFT term is token-weighted, see {@link DpoLoss}). Metrics are the loss's (TRL names:
 * {@code rewards/chosen}, {@code rewards/accuracies}, {@code logps/chosen}, {@code nll_loss}, ...) plus
 * {@code logits/chosen} and {@code logits/rejected} ({@link ResponseLogits}).
 */
public final class DpoTrainer extends ReferencePolicyTrainer {

    /** The objective name in checkpoints and provenance. */
    public static final String OBJECTIVE = "dpo";

    private final DpoLoss dpo;

    /**
     * @param start usually {@link Start#fromParameters} with the SFT policy (which then also becomes the reference),
     *     or {@link Start#resume}
     * @throws IllegalArgumentException if an example's prompt leaves no room for its response within
     *     {@code config.maxTextLength()} (the message names the example's index and the token counts)
     */
    public DpoTrainer(VlmConfig config, Tokenizer tokenizer, List<PreferenceExample> data, DpoLoss loss, TrainingOptions options,
            Start start) {
        super(OBJECTIVE, config, tokenizer, Batches.requireResponseRoom(tokenizer, config.maxTextLength(), data,
                PreferenceExample::prompt, "training example"), options, start);
        this.dpo = loss;
    }

    public DpoLoss lossFunction() {
        return dpo;
    }

    @Override
    public double beta() {
        return dpo.beta();
    }

    @Override
    protected LossOutput loss(NDManager step, List<PreferenceExample> batch, int[] indices) {
        List<float[]> pictures = new ArrayList<>();
        Batches.TextBatch text = pairRows(batch, pictures);
        NDArray images = stack(step, pictures);
        NDArray tokens = text.tokens(step);
        NDArray mask = text.responseMask(step);
        int n = batch.size();
        NDArray referenceLogps = SequenceLogProbs.sum(reference, referenceStore, images, tokens, mask, false).stopGradient();
        referenceLogps.attach(step);
        NDArray logits = policy.logits(store, images, tokens, true);
        NDArray policyLogps = SequenceLogProbs.fromLogits(logits, tokens, mask);
        NDArray counts = step.create(text.responseTokenCounts(), new Shape(2L * n));
        NDIndex chosen = new NDIndex("0:{}", n);
        NDIndex rejected = new NDIndex("{}:", n);
        LossOutput output = dpo.compute(policyLogps.get(chosen), policyLogps.get(rejected), referenceLogps.get(chosen),
                referenceLogps.get(rejected), counts.get(chosen), counts.get(rejected), weights(step, batch));
        return output.withMetrics(ResponseLogits.metrics(logits, mask, n));
    }

    @Override
    protected Map<String, String> hyperParameters() {
        return Map.of("loss_type", dpo.type().trlName(), "beta", Double.toString(dpo.beta()),
                "label_smoothing", Double.toString(dpo.labelSmoothing()), "rpo_alpha", Double.toString(dpo.sftWeight()));
    }
}
