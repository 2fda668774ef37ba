package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.groundwork.trainer.model.SequenceLogProbs;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VisionLanguageModel;
import dev.groundwork.trainer.model.VlmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared by DPO and mDPO: the policy, its frozen reference (a {@link VisionLanguageModel#frozenCopy} of the starting
 * policy — the SFT model when warm-started from one — or, when resuming, the checkpoint's
 * {@value Checkpoint#REFERENCE}), batch building, and the held-out implicit-reward accuracy.
 */
public abstract class ReferencePolicyTrainer extends BaseTrainer<PreferenceExample> {

    protected final VisionLanguageModel policy;
    protected final VisionLanguageModel reference;
    protected final ParameterStore referenceStore;

    protected ReferencePolicyTrainer(String objective, VlmConfig config, Tokenizer tokenizer, List<PreferenceExample> data,
            TrainingOptions options, Start start) {
        this(objective, setup(options, start, newPolicy(config, tokenizer), p -> p), config, tokenizer, data, options, start);
    }

    private ReferencePolicyTrainer(String objective, Setup<VisionLanguageModel> setup, VlmConfig config, Tokenizer tokenizer,
            List<PreferenceExample> data, TrainingOptions options, Start start) {
        super(objective, setup, config, tokenizer, data, options);
        this.policy = setup.block();
        VisionLanguageModel frozen = policy.frozenCopy(manager);
        if (start.checkpoint().isPresent()) {
            try {
                Parameters.load(frozen, manager, Files.readAllBytes(start.checkpoint().get().resolve(Checkpoint.REFERENCE)));
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(e);
            }
            frozen.freezeParameters(true);
        }
        this.reference = frozen;
        this.referenceStore = new ParameterStore(manager, false);
    }

    public VisionLanguageModel policy() {
        return policy;
    }

    public VisionLanguageModel reference() {
        return reference;
    }

    /** The β of the objective's implicit reward. */
    public abstract double beta();

    @Override
    protected void saveExtra(Path directory) throws IOException {
        Files.write(directory.resolve(Checkpoint.REFERENCE), Parameters.toBytes(reference));
    }

    /** Rows {@code [chosen…, rejected…]} of {@code batch} with their images (each picture twice). */
    protected Batches.TextBatch pairRows(List<PreferenceExample> batch, List<float[]> images) {
        List<Batches.Row> rows = new ArrayList<>();
        for (PreferenceExample example : batch) {
            rows.add(batches.encode(example.prompt(), example.chosen()));
            images.add(resized(example.image()));
        }
        for (PreferenceExample example : batch) {
            rows.add(batches.encode(example.prompt(), example.rejected()));
            images.add(resized(example.image()));
        }
        return batches.pad(rows);
    }

    /** The pairs' loss weights ({@link PreferenceExample#weight}) as a (B,) float32 array in {@code step}. */
    static NDArray weights(NDManager step, List<PreferenceExample> batch) {
        float[] w = new float[batch.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) batch.get(i).weight();
        }
        return step.create(w, new ai.djl.ndarray.types.Shape(w.length));
    }

    /** Summed response log-probabilities of {@code model} (no gradients) as doubles. */
    protected double[] logps(NDManager step, VisionLanguageModel model, ParameterStore modelStore, NDArray images,
            Batches.TextBatch text) {
        NDArray values = SequenceLogProbs.sum(model, modelStore, images, text.tokens(step), text.responseMask(step), false);
        float[] floats = values.toFloatArray();
        double[] doubles = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            doubles[i] = floats[i];
        }
        return doubles;
    }

    /**
     * Per held-out pair, the implicit reward margin β(logπ(y_w)−logπ_ref(y_w)) − β(logπ(y_l)−logπ_ref(y_l)); the pair
     * counts as correct when it is &gt; 0. Zero for every pair while the policy equals its reference.
     */
    public double[] implicitRewardMargins(List<PreferenceExample> heldOut) {
        batches.requireResponseRoom(heldOut, PreferenceExample::prompt, "held-out example");
        double[] margins = new double[heldOut.size()];
        int at = 0;
        for (List<PreferenceExample> chunk : chunks(heldOut, EVAL_BATCH)) {
            try (NDManager step = manager.newSubManager()) {
                List<float[]> pictures = new ArrayList<>();
                Batches.TextBatch text = pairRows(chunk, pictures);
                NDArray images = stack(step, pictures);
                double[] policyLogps = logps(step, policy, store, images, text);
                double[] referenceLogps = logps(step, reference, referenceStore, images, text);
                int n = chunk.size();
                for (int i = 0; i < n; i++) {
                    double chosen = beta() * (policyLogps[i] - referenceLogps[i]);
                    double rejected = beta() * (policyLogps[n + i] - referenceLogps[n + i]);
                    margins[at++] = chosen - rejected;
                }
            }
        }
        return margins;
    }

    /** The fraction of held-out pairs whose chosen implicit reward exceeds the rejected one (TRL rewards/accuracies). */
    public double implicitRewardAccuracy(List<PreferenceExample> heldOut) {
        return fractionPositive(implicitRewardMargins(heldOut));
    }

    /** The fraction of values &gt; 0. */
    public static double fractionPositive(double[] values) {
        int count = 0;
        for (double value : values) {
            count += value > 0 ? 1 : 0;
        }
        return values.length == 0 ? 0 : (double) count / values.length;
    }
}
