package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.groundwork.trainer.loss.BradleyTerryLoss;
import dev.groundwork.trainer.loss.LossOutput;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VlmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link RewardModel} on preference pairs with the {@link BradleyTerryLoss} (metrics {@code accuracy},
 * {@code margin}, {@code loss}). {@link Start#fromParameters} takes the bytes of a policy ({@code VisionLanguageModel})
 * and warm-starts the backbone from it; the head then starts fresh.
 */
public final class RewardModelTrainer extends BaseTrainer<PreferenceExample> {

    /** The objective name in checkpoints and provenance. */
    public static final String OBJECTIVE = "reward";

    private final RewardModel model;
    private final BradleyTerryLoss loss = BradleyTerryLoss.create();

    public RewardModelTrainer(VlmConfig config, Tokenizer tokenizer, List<PreferenceExample> data, TrainingOptions options,
            Start start) {
        this(setup(options, start, manager -> {
            RewardModel model = new RewardModel(config, tokenizer.vocabSize());
            model.initializeParameters(manager);
            return model;
        }, RewardModel::backbone), config, tokenizer, data, options);
    }

    private RewardModelTrainer(Setup<RewardModel> setup, VlmConfig config, Tokenizer tokenizer, List<PreferenceExample> data,
            TrainingOptions options) {
        super(OBJECTIVE, setup, config, tokenizer, data, options);
        this.model = setup.block();
    }

    public RewardModel model() {
        return model;
    }

    /** (2B,) rewards of {@code [chosen…, rejected…]}. */
    private NDArray rewards(NDManager step, List<PreferenceExample> batch, boolean training) {
        List<Batches.Row> rows = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (PreferenceExample example : batch) {
            rows.add(batches.encode(example.prompt(), example.chosen()));
            images.add(resized(example.image()));
        }
        for (PreferenceExample example : batch) {
            rows.add(batches.encode(example.prompt(), example.rejected()));
            images.add(resized(example.image()));
        }
        Batches.TextBatch text = batches.pad(rows);
        return model.rewards(store, stack(step, images), text.tokens(step), text.lastTokenWeights(step), training);
    }

    /** The pairs' loss weights as a (B,) float32 array. */
    static NDArray weights(NDManager step, List<PreferenceExample> batch) {
        return ReferencePolicyTrainer.weights(step, batch);
    }

    @Override
    protected LossOutput loss(NDManager step, List<PreferenceExample> batch, int[] indices) {
        int n = batch.size();
        NDArray rewards = rewards(step, batch, true);
        return loss.compute(rewards.get(new NDIndex("0:{}", n)), rewards.get(new NDIndex("{}:", n)), weights(step, batch));
    }

    /** Per held-out pair, r(chosen) − r(rejected). */
    public double[] rewardMargins(List<PreferenceExample> heldOut) {
        double[] margins = new double[heldOut.size()];
        int at = 0;
        for (List<PreferenceExample> chunk : chunks(heldOut, EVAL_BATCH)) {
            try (NDManager step = manager.newSubManager()) {
                float[] rewards = rewards(step, chunk, false).toFloatArray();
                int n = chunk.size();
                for (int i = 0; i < n; i++) {
                    margins[at++] = (double) rewards[i] - rewards[n + i];
                }
            }
        }
        return margins;
    }

    /** The fraction of held-out pairs with r(chosen) &gt; r(rejected). */
    public double accuracy(List<PreferenceExample> heldOut) {
        return ReferencePolicyTrainer.fractionPositive(rewardMargins(heldOut));
    }

    @Override
    protected Map<String, String> hyperParameters() {
        return Map.of("loss_type", "bradley_terry", "pooling", "last_token");
    }
}
