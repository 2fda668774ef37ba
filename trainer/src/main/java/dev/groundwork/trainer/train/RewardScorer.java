package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference with a trained {@link RewardModel} checkpoint: the scalar reward of answers to a prompt about an image,
 * encoded exactly as {@link RewardModelTrainer} encodes them in training (prompt, separator, answer, {@code <eos>};
 * pooled at the last real token; the image area-resampled to the model's input). Not thread-safe: callers serialise.
 */
public final class RewardScorer implements AutoCloseable {

    private final VlmConfig config;
    private final Batches batches;
    private final NDManager manager;
    private final RewardModel model;
    private final ParameterStore store;
    private final Provenance provenance;

    private RewardScorer(VlmConfig config, WordTokenizer tokenizer, NDManager manager, RewardModel model,
            Provenance provenance) {
        this.config = config;
        this.batches = new Batches(tokenizer, config.maxTextLength());
        this.manager = manager;
        this.model = model;
        this.store = new ParameterStore(manager, false);
        this.provenance = provenance;
    }

    /**
     * Loads the reward-model checkpoint in {@code directory} onto the selected device ({@link TrainingDevice}).
     *
     * @throws IllegalArgumentException naming the directory when it is not a reward-model checkpoint
     */
    public static RewardScorer load(Path directory) {
        for (String file : new String[] {Checkpoint.MODEL, Checkpoint.TOKENIZER, Checkpoint.PROVENANCE}) {
            if (!Files.isRegularFile(directory.resolve(file))) {
                throw new IllegalArgumentException(directory + " is not a reward-model checkpoint: it has no " + file);
            }
        }
        try {
            Provenance provenance = Provenance.read(directory);
            if (!provenance.objective().equals(RewardModelTrainer.OBJECTIVE)) {
                throw new IllegalArgumentException(directory + " is a " + provenance.objective()
                        + " checkpoint, not a reward model (objective " + RewardModelTrainer.OBJECTIVE + ")");
            }
            WordTokenizer tokenizer = WordTokenizer.fromJson(Files.readString(directory.resolve(Checkpoint.TOKENIZER),
                    StandardCharsets.UTF_8));
            VlmConfig config = Checkpoint.readConfig(directory);
            NDManager manager = NDManager.newBaseManager(TrainingDevice.select());
            try {
                RewardModel model = new RewardModel(config, tokenizer.vocabSize());
                model.initializeParameters(manager);
                Parameters.load(model, manager, Files.readAllBytes(directory.resolve(Checkpoint.MODEL)));
                model.freezeParameters(true);
                return new RewardScorer(config, tokenizer, manager, model, provenance);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint's provenance (objective, seed, data, code version). */
    public Provenance provenance() {
        return provenance;
    }

    /** The reward of each answer to {@code prompt} about {@code image}, in order. */
    public double[] rewards(Picture image, String prompt, List<String> answers) {
        float[] pixels = Images.resize(image, config.imageSize());
        int size = config.imageSize();
        int each = pixels.length;
        float[] all = new float[answers.size() * each];
        List<Batches.Row> rows = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            System.arraycopy(pixels, 0, all, i * each, each);
            rows.add(batches.encode(prompt, answers.get(i)));
        }
        try (NDManager step = manager.newSubManager()) {
            Batches.TextBatch text = batches.pad(rows);
            NDArray images = step.create(all, new Shape(answers.size(), 3, size, size));
            float[] rewards = model.rewards(store, images, text.tokens(step), text.lastTokenWeights(step), false)
                    .toFloatArray();
            double[] out = new double[rewards.length];
            for (int i = 0; i < rewards.length; i++) {
                out[i] = rewards[i];
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
