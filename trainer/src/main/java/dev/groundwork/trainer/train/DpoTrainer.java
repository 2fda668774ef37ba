package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.LossOutput;
import dev.groundwork.trainer.model.SequenceLogProbs;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VlmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DPO: the policy against its frozen reference with a configurable {@link DpoLoss} (type, β, label smoothing, SFT
 * weight). One policy forward over {@code [chosen…, rejected…]} per step, inside the gradient collector; the
 * reference forward tracks nothing. Metrics are the loss's (TRL names: {@code rewards/chosen},
 * {@code rewards/accuracies}, {@code logps/chosen}, {@code nll_loss}, ...).
 */
public final class DpoTrainer extends ReferencePolicyTrainer {

    /** The objective name in checkpoints and provenance. */
    public static final String OBJECTIVE = "dpo";

    private final DpoLoss dpo;

    /**
     * @param start usually {@link Start#fromParameters} with the SFT policy (which then also becomes the reference),
     *     or {@link Start#resume}
     */
    public DpoTrainer(VlmConfig config, Tokenizer tokenizer, List<PreferenceExample> data, DpoLoss loss, TrainingOptions options,
            Start start) {
        super(OBJECTIVE, config, tokenizer, data, options, start);
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
        NDArray policyLogps = SequenceLogProbs.sum(policy, store, images, tokens, mask, true);
        float[] counts = new float[n];
        System.arraycopy(text.responseTokenCounts(), 0, counts, 0, n);
        return dpo.compute(policyLogps.get(new NDIndex("0:{}", n)), policyLogps.get(new NDIndex("{}:", n)),
                referenceLogps.get(new NDIndex("0:{}", n)), referenceLogps.get(new NDIndex("{}:", n)),
                step.create(counts, new Shape(n)));
    }

    @Override
    protected Map<String, String> hyperParameters() {
        return Map.of("loss_type", dpo.type().trlName(), "beta", Double.toString(dpo.beta()),
                "label_smoothing", Double.toString(dpo.labelSmoothing()), "rpo_alpha", Double.toString(dpo.sftWeight()));
    }
}
