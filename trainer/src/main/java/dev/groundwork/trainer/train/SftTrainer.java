package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.groundwork.trainer.loss.LossOutput;
import dev.groundwork.trainer.loss.MetricNames;
import dev.groundwork.trainer.model.SequenceLogProbs;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VisionLanguageModel;
import dev.groundwork.trainer.model.VlmConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: next-token cross-entropy on the target tokens (and {@code <eos>}), averaged over all
 * target tokens of the batch: {@code loss = −Σ_rows SequenceLogProbs / Σ_rows response tokens}.
 */
public final class SftTrainer extends BaseTrainer<SftExample> {

    /** The objective name in checkpoints and provenance. */
    public static final String OBJECTIVE = "sft";

    private final VisionLanguageModel policy;

    public SftTrainer(VlmConfig config, Tokenizer tokenizer, List<SftExample> data, TrainingOptions options, Start start) {
        this(Batches.requireResponseRoom(tokenizer, config.maxTextLength(), data, SftExample::prompt, "training example"),
                setup(options, start, newPolicy(config, tokenizer), p -> p), config, tokenizer, options);
    }

    /** {@code data} first: it is checked before {@code setup} allocates native memory. */
    private SftTrainer(List<SftExample> data, Setup<VisionLanguageModel> setup, VlmConfig config, Tokenizer tokenizer,
            TrainingOptions options) {
        super(OBJECTIVE, setup, config, tokenizer, data, options);
        this.policy = setup.block();
    }

    public VisionLanguageModel policy() {
        return policy;
    }

    @Override
    protected LossOutput loss(NDManager step, List<SftExample> batch, int[] indices) {
        List<Batches.Row> rows = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (SftExample example : batch) {
            rows.add(batches.encode(example.prompt(), example.target()));
            images.add(resized(example.image()));
        }
        Batches.TextBatch text = batches.pad(rows);
        double tokens = 0;
        for (float count : text.responseTokenCounts()) {
            tokens += count;
        }
        NDArray logps = SequenceLogProbs.sum(policy, store, stack(step, images), text.tokens(step), text.responseMask(step), true);
        NDArray loss = logps.sum().neg().mul(scalar(step, 1 / Math.max(1, tokens)));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricNames.LOSS, (double) loss.getFloat());
        metrics.put("num_tokens", tokens);
        return new LossOutput(loss, metrics);
    }

    /** The mean per-token negative log-likelihood of {@code examples}' targets (no gradients). */
    public double evaluateLoss(List<SftExample> examples) {
        batches.requireResponseRoom(examples, SftExample::prompt, "example");
        double nll = 0;
        double tokens = 0;
        for (List<SftExample> chunk : chunks(examples, EVAL_BATCH)) {
            try (NDManager step = manager.newSubManager()) {
                List<Batches.Row> rows = new ArrayList<>();
                List<float[]> images = new ArrayList<>();
                for (SftExample example : chunk) {
                    rows.add(batches.encode(example.prompt(), example.target()));
                    images.add(resized(example.image()));
                }
                Batches.TextBatch text = batches.pad(rows);
                for (float count : text.responseTokenCounts()) {
                    tokens += count;
                }
                NDArray logps = SequenceLogProbs.sum(policy, store, stack(step, images), text.tokens(step), text.responseMask(step), false);
                for (float value : logps.toFloatArray()) {
                    nll -= value;
                }
            }
        }
        return nll / Math.max(1, tokens);
    }

    @Override
    protected Map<String, String> hyperParameters() {
        return Map.of();
    }
}
