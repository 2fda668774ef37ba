package dev.groundwork.trainer.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.groundwork.trainer.loss.LossOutput;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VisionLanguageModel;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What every trainer shares: a base {@link NDManager} on the {@linkplain TrainingDevice selected device}, the
 * trained block and its {@link ParameterStore}, {@link Adam} with optional gradient clipping, the seeded
 * {@link DataCursor}, the step counter, consumed offsets and {@linkplain #save checkpoints}.
 *
 * <p>Each {@link #step()} opens a sub-manager for all of its arrays (so memory stays flat over long runs), computes
 * the subclass's loss inside one {@link GradientCollector}, back-propagates, and lets Adam update and zero the
 * gradients. Not thread-safe; one trainer collects gradients at a time (DJL allows one collector per process).
 *
 * @param <E> the example type
 */
public abstract class BaseTrainer<E> implements AutoCloseable {

    /** Examples per forward pass in the evaluation helpers. */
    protected static final int EVAL_BATCH = 32;

    private final String objective;
    protected final NDManager manager;
    protected final Device device;
    protected final VlmConfig config;
    protected final Tokenizer tokenizer;
    protected final Batches batches;
    protected final TrainingOptions options;
    protected final ParameterStore store;
    private final AbstractBlock trained;
    private final List<E> data;
    private final DataCursor cursor;
    private final Adam adam;
    private final Map<Picture, float[]> resized = new IdentityHashMap<>();
    private final Map<String, Long> offsets = new TreeMap<>();
    private long step;

    /** The manager, device and initialised (possibly loaded) block a trainer starts from. */
    protected record Setup<B extends AbstractBlock>(NDManager manager, Device device, B block, Path resumeFrom) {
    }

    /**
     * Creates the base manager on the selected device, seeds the engine with {@code options.seed()}, builds and
     * initialises the block, then loads {@code start}'s parameters: the checkpoint's {@value Checkpoint#MODEL} when
     * resuming, else the warm-start bytes through {@code warmStart} (which picks the block or sub-block they fit).
     */
    protected static <B extends AbstractBlock> Setup<B> setup(TrainingOptions options, Start start,
            Function<NDManager, B> create, Function<B, AbstractBlock> warmStart) {
        Device device = TrainingDevice.select();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Engine.getInstance().setRandomSeed((int) CounterRng.hash(options.seed(), 0));
            B block = create.apply(manager);
            Path checkpoint = start.checkpoint().orElse(null);
            if (checkpoint != null) {
                Parameters.load(block, manager, Files.readAllBytes(checkpoint.resolve(Checkpoint.MODEL)));
            } else if (start.parameters().isPresent()) {
                Parameters.load(warmStart.apply(block), manager, start.parameters().get());
            }
            return new Setup<>(manager, device, block, checkpoint);
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A fresh policy with {@link VisionLanguageModel#initializeParameters}; for {@link #setup}. */
    protected static Function<NDManager, VisionLanguageModel> newPolicy(VlmConfig config, Tokenizer tokenizer) {
        return manager -> {
            VisionLanguageModel policy = new VisionLanguageModel(config, tokenizer.vocabSize());
            policy.initializeParameters(manager);
            return policy;
        };
    }

    protected BaseTrainer(String objective, Setup<? extends AbstractBlock> setup, VlmConfig config, Tokenizer tokenizer,
            List<E> data, TrainingOptions options) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.manager = setup.manager();
        this.device = setup.device();
        this.trained = setup.block();
        this.config = Objects.requireNonNull(config, "config");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.options = Objects.requireNonNull(options, "options");
        this.data = List.copyOf(data);
        this.batches = new Batches(tokenizer, config.maxTextLength());
        this.store = new ParameterStore(manager, false);
        this.cursor = new DataCursor(this.data.size(), options.batchSize(), options.seed());
        this.adam = new Adam(trained, manager, options);
        if (setup.resumeFrom() != null) {
            restore(setup.resumeFrom());
        }
    }

    private void restore(Path directory) {
        try {
            Checkpoint state = Checkpoint.read(directory);
            if (!state.objective().equals(objective)) {
                throw new IllegalArgumentException("checkpoint " + directory + " is a " + state.objective() + " run, not " + objective);
            }
            if (state.seed() != options.seed()) {
                throw new IllegalArgumentException("checkpoint " + directory + " has seed " + state.seed() + ", options " + options.seed());
            }
            try (NDManager scratch = manager.newSubManager();
                    DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(directory.resolve(Checkpoint.OPTIMIZER))))) {
                adam.load(in, scratch);
            }
            step = state.step();
            cursor.seek(state.position());
            offsets.putAll(state.offsets());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            close();
            throw new IllegalArgumentException("bad optimizer state in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The loss of one batch, computed inside the step's gradient collector; every array goes to {@code step}.
     *
     * @param indices the examples' indices in the training data (keys for per-example randomness)
     */
    protected abstract LossOutput loss(NDManager step, List<E> batch, int[] indices);

    /** One optimiser step on the next batch of the training data. */
    public final StepResult step() {
        int[] indices = cursor.next();
        List<E> batch = new ArrayList<>(indices.length);
        for (int index : indices) {
            batch.add(data.get(index));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (NDManager stepManager = manager.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossOutput output = loss(stepManager, batch, indices);
                collector.backward(output.loss());
                metrics.putAll(output.metrics());
            }
            metrics.put("grad_norm", adam.update(stepManager));
        }
        metrics.put("learning_rate", options.learningRate(Math.max(1, adam.updates())));
        step++;
        return new StepResult(step, metrics);
    }

    /** Runs {@code steps} steps and returns the last result. */
    public StepResult train(int steps) {
        StepResult last = null;
        for (int i = 0; i < steps; i++) {
            last = step();
        }
        return last;
    }

    /** Steps done so far. */
    public long steps() {
        return step;
    }

    /** The data position of the next batch. */
    public DataCursor.Position position() {
        return cursor.position();
    }

    /** Records that the data up to {@code offset} of {@code partition} (e.g. "judgments-0") is in this run. */
    public void recordOffset(String partition, long offset) {
        offsets.put(Objects.requireNonNull(partition, "partition"), offset);
    }

    /** The consumed offsets, by partition. */
    public Map<String, Long> offsets() {
        return Map.copyOf(offsets);
    }

    public String objective() {
        return objective;
    }

    public Device device() {
        return device;
    }

    /** The block this trainer optimises. */
    public AbstractBlock trainedBlock() {
        return trained;
    }

    /** The trained block's parameters, {@code saveParameters} format (a warm start for another trainer). */
    public byte[] parameters() {
        return Parameters.toBytes(trained);
    }

    /** {@link Provenance} of this run with the given hyper-parameters and data description. */
    public Provenance provenance(Map<String, String> hyperParameters, String dataset) {
        return provenance(hyperParameters, Provenance.Data.of(dataset, data.size()));
    }

    /** {@link Provenance} of this run with the given hyper-parameters and data. */
    public Provenance provenance(Map<String, String> hyperParameters, Provenance.Data dataUsed) {
        Map<String, String> all = new TreeMap<>(hyperParameters);
        all.put("learning_rate", Double.toString(options.learningRate()));
        all.put("batch_size", Integer.toString(options.batchSize()));
        all.put("max_grad_norm", Double.toString(options.maxGradNorm()));
        all.put("adam_betas", options.beta1() + "," + options.beta2());
        all.put("adam_epsilon", Double.toString(options.epsilon()));
        all.put("weight_decay", Double.toString(options.weightDecay()));
        all.put("warmup_steps", Integer.toString(options.warmupSteps()));
        all.put("decay_steps", Integer.toString(options.decaySteps()));
        all.put("model", config.toString());
        all.putAll(hyperParameters());
        return new Provenance(objective, all, options.seed(), dataUsed.description(), Provenance.currentCodeVersion(),
                TrainingDevice.describe(device), dataUsed.offsetRanges(), dataUsed.pairs(), dataUsed.policy(), dataUsed.round(),
                dataUsed.parent(), dataUsed.judges());
    }

    /** The objective's own hyper-parameters (loss settings) for {@link Provenance}. */
    protected abstract Map<String, String> hyperParameters();

    /**
     * Writes a checkpoint (see {@link Checkpoint} for the layout) into {@code directory}, created if missing, with
     * a provenance describing {@code dataset}.
     */
    public void save(Path directory, String dataset) throws IOException {
        save(directory, Provenance.Data.of(dataset, data.size()));
    }

    /**
     * Writes a checkpoint into {@code directory} with a provenance naming exactly the data it trained on. The files
     * are written into a sibling {@code .partial} directory first and moved into place at the end, so a crash never
     * leaves a half-written checkpoint under {@code directory}.
     */
    public void save(Path directory, Provenance.Data dataUsed) throws IOException {
        if (Files.isDirectory(directory) && !Files.exists(directory.resolve(Checkpoint.STATE))) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(directory + " exists and is not a checkpoint: give an empty or new directory");
                }
            }
        }
        Path partial = directory.resolveSibling(directory.getFileName() + ".partial");
        deleteTree(partial);
        writeCheckpoint(partial, dataUsed);
        deleteTree(directory);
        Files.move(partial, directory, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void writeCheckpoint(Path directory, Provenance.Data dataUsed) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(Checkpoint.MODEL), Parameters.toBytes(trained));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(directory.resolve(Checkpoint.OPTIMIZER))))) {
            adam.save(out);
        }
        DataCursor.Position position = cursor.position();
        new Checkpoint(objective, step, options.seed(), position.epoch(), position.index(), offsets).write(directory);
        provenance(Map.of(), dataUsed).write(directory);
        Checkpoint.writeConfig(directory, config);
        if (tokenizer instanceof WordTokenizer word) {
            Files.writeString(directory.resolve(Checkpoint.TOKENIZER), word.toJson(), StandardCharsets.UTF_8);
        }
        saveExtra(directory);
    }

    /** Subclasses write further files (the reference model) here. */
    protected void saveExtra(Path directory) throws IOException {
    }

    /** The picture resized to the model's input, cached per picture. */
    protected float[] resized(Picture picture) {
        return resized.computeIfAbsent(picture, p -> Images.resize(p, config.imageSize()));
    }

    /** Stacks (3,H,W) images into a (B,3,H,W) float32 array in {@code target}. */
    protected NDArray stack(NDManager target, List<float[]> images) {
        int size = config.imageSize();
        int each = 3 * size * size;
        float[] all = new float[images.size() * each];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * each, each);
        }
        return target.create(all, new Shape(images.size(), 3, size, size));
    }

    /** A torch-allocated float32 scalar (safe as a multiplication operand that autograd keeps). */
    protected static NDArray scalar(NDManager target, double value) {
        return target.full(new Shape(), (float) value, DataType.FLOAT32);
    }

    /** Splits {@code list} into consecutive chunks of at most {@code size}. */
    protected static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < list.size(); from += size) {
            chunks.add(list.subList(from, Math.min(list.size(), from + size)));
        }
        return chunks;
    }

    @Override
    public void close() {
        manager.close();
    }
}
