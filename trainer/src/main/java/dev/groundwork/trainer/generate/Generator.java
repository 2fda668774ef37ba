package dev.groundwork.trainer.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VisionLanguageModel;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.train.Batches;
import dev.groundwork.trainer.train.CounterRng;
import dev.groundwork.trainer.train.Images;
import dev.groundwork.trainer.train.Parameters;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.TrainingDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Autoregressive text generation with a {@link VisionLanguageModel}: greedy decoding, or seeded sampling with a
 * temperature and a top-p nucleus (see {@link Sampling}).
 *
 * <p>The decoder input is the training layout of {@link Batches} without the response:
 * {@code [<bos>, prompt…, ":"]}; tokens are appended until the model emits {@code <eos>}, {@link #maxNewTokens()}
 * tokens were generated, or the row fills the model's {@link VlmConfig#maxTextLength()}. {@code <pad>} and
 * {@code <bos>} are never generated. There is no key/value cache: each step runs the full forward pass over the rows
 * still generating (fine for the tiny and small models). Rows of one call are generated together in one batch, each
 * right-padded to the longest (the causal mask keeps the padding from affecting a row's own positions).
 *
 * <p>Token choice happens in Java on doubles from the logits of each row's last position: softmax at the temperature,
 * the nucleus (tokens by descending probability, ties to the lower id, until the mass reaches {@code topP}), then
 * inverse-CDF sampling with the uniform {@link CounterRng#uniform}{@code (seed, }{@link #SAMPLE_STREAM}{@code , row,
 * step)}. The same seed, inputs and batch therefore give the same text (bit-identical on the CPU). Each step's arrays
 * live in a sub-manager that is closed at the end of the step.
 *
 * <p>Not thread-safe.
 */
public final class Generator implements AutoCloseable {

    /** The {@link CounterRng} stream of the sampling draws. */
    public static final long SAMPLE_STREAM = 4;

    /** The new-token limit of {@link #load}'s generators when none is given. */
    public static final int DEFAULT_MAX_NEW_TOKENS = 32;

    private final VisionLanguageModel model;
    private final ParameterStore store;
    private final Tokenizer tokenizer;
    private final NDManager manager;
    private final boolean ownsManager;
    private final int maxNewTokens;
    private final int[] separator;

    /**
     * A generator over an initialised model; every step's arrays go to a sub-manager of {@code manager} (on the
     * model's device), which stays the caller's.
     *
     * @throws IllegalArgumentException if the tokenizer's vocabulary does not match the model or {@code maxNewTokens}
     *     &lt; 1
     */
    public Generator(VisionLanguageModel model, ParameterStore store, Tokenizer tokenizer, NDManager manager, int maxNewTokens) {
        this(model, store, tokenizer, manager, maxNewTokens, false);
    }

    private Generator(VisionLanguageModel model, ParameterStore store, Tokenizer tokenizer, NDManager manager, int maxNewTokens,
            boolean ownsManager) {
        this.model = Objects.requireNonNull(model, "model");
        this.store = Objects.requireNonNull(store, "store");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.manager = Objects.requireNonNull(manager, "manager");
        if (tokenizer.vocabSize() != model.vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize() + " ids, the model " + model.vocabSize());
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, was " + maxNewTokens);
        }
        this.maxNewTokens = maxNewTokens;
        this.ownsManager = ownsManager;
        this.separator = tokenizer.encode(Batches.SEPARATOR);
    }

    /**
     * A generator that owns a fresh model with {@code parameters} ({@code saveParameters} bytes of a
     * {@link VisionLanguageModel}, e.g. a trainer's {@code parameters()}) on the {@linkplain TrainingDevice#select
     * selected device}, frozen; {@link #close} frees it.
     *
     * @throws IllegalArgumentException if the parameters do not fit the configuration and vocabulary
     */
    public static Generator load(VlmConfig config, Tokenizer tokenizer, byte[] parameters, int maxNewTokens) {
        NDManager manager = NDManager.newBaseManager(TrainingDevice.select());
        try {
            VisionLanguageModel model = new VisionLanguageModel(config, tokenizer.vocabSize());
            model.initializeParameters(manager);
            Parameters.load(model, manager, parameters);
            model.freezeParameters(true);
            return new Generator(model, new ParameterStore(manager, false), tokenizer, manager, maxNewTokens, true);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** {@link #load(VlmConfig, Tokenizer, byte[], int)} with {@link #DEFAULT_MAX_NEW_TOKENS}. */
    public static Generator load(VlmConfig config, Tokenizer tokenizer, byte[] parameters) {
        return load(config, tokenizer, parameters, DEFAULT_MAX_NEW_TOKENS);
    }

    public int maxNewTokens() {
        return maxNewTokens;
    }

    public VisionLanguageModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The decoder input before the response: {@code [<bos>, prompt…, ":"]}. */
    public int[] prefix(String prompt) {
        int[] p = tokenizer.encode(Objects.requireNonNull(prompt, "prompt"));
        int[] ids = new int[1 + p.length + separator.length];
        ids[0] = tokenizer.bosId();
        System.arraycopy(p, 0, ids, 1, p.length);
        System.arraycopy(separator, 0, ids, 1 + p.length, separator.length);
        return ids;
    }

    /** The greedy response to {@code prompt} about {@code image}. */
    public String greedy(Picture image, String prompt) {
        return generate(List.of(image), List.of(prompt), Sampling.greedy(), 0).get(0).text();
    }

    /** The greedy responses, row by row, generated in one batch. */
    public List<String> greedy(List<Picture> images, List<String> prompts) {
        return texts(generate(images, prompts, Sampling.greedy(), 0));
    }

    /** One sampled response; the same seed gives the same text (it is row 0 of {@link #sample(Picture, String, int, Sampling, long)}). */
    public String sample(Picture image, String prompt, Sampling sampling, long seed) {
        return generate(List.of(image), List.of(prompt), sampling, seed).get(0).text();
    }

    /** {@code k} responses sampled from the policy itself ({@link Sampling#policy()}), e.g. for an on-policy round. */
    public List<String> sample(Picture image, String prompt, int k, long seed) {
        return sample(image, prompt, k, Sampling.policy(), seed);
    }

    /** {@code k} sampled responses, generated in one batch; sample i draws with key {@code (seed, i, step)}. */
    public List<String> sample(Picture image, String prompt, int k, Sampling sampling, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        return texts(generate(Collections.nCopies(k, image), Collections.nCopies(k, prompt), sampling, seed));
    }

    /**
     * Generates one response per (image, prompt) row in one batch. Row i samples with the uniforms
     * {@code CounterRng.uniform(seed, SAMPLE_STREAM, i, step)}; greedy decoding ignores the seed. A prompt whose prefix
     * already fills the model's text length yields an empty {@link Generation.Stop#LENGTH} generation.
     *
     * @throws IllegalArgumentException if the lists differ in size or are empty
     */
    public List<Generation> generate(List<Picture> images, List<String> prompts, Sampling sampling, long seed) {
        if (images.size() != prompts.size() || images.isEmpty()) {
            throw new IllegalArgumentException("need as many images as prompts (at least one), got " + images.size() + " and "
                    + prompts.size());
        }
        int size = model.config().imageSize();
        List<float[]> resized = new ArrayList<>(images.size());
        for (Picture image : images) {
            resized.add(Images.resize(Objects.requireNonNull(image, "image"), size));
        }
        List<int[]> prefixes = new ArrayList<>(prompts.size());
        for (String prompt : prompts) {
            prefixes.add(prefix(prompt));
        }
        return generateFrom(resized, prefixes, sampling, seed);
    }

    /**
     * The core: generates after each token prefix given its image as (3,S,S) CHW floats at the model's input size S.
     *
     * @throws IllegalArgumentException if the lists differ in size or are empty, or an image has the wrong size
     */
    public List<Generation> generateFrom(List<float[]> images, List<int[]> prefixes, Sampling sampling, long seed) {
        Objects.requireNonNull(sampling, "sampling");
        if (images.size() != prefixes.size() || images.isEmpty()) {
            throw new IllegalArgumentException("need as many images as prefixes (at least one), got " + images.size() + " and "
                    + prefixes.size());
        }
        VlmConfig config = model.config();
        int pixels = 3 * config.imageSize() * config.imageSize();
        int rows = images.size();
        int maxLength = config.maxTextLength();
        int[][] ids = new int[rows][];
        int[] lengths = new int[rows];
        int[] limits = new int[rows];
        boolean[] done = new boolean[rows];
        Generation.Stop[] stops = new Generation.Stop[rows];
        for (int r = 0; r < rows; r++) {
            if (images.get(r).length != pixels) {
                throw new IllegalArgumentException("image " + r + " has " + images.get(r).length + " values, expected " + pixels);
            }
            int[] prefix = prefixes.get(r);
            lengths[r] = prefix.length;
            limits[r] = Math.min(maxLength, prefix.length + maxNewTokens);
            ids[r] = Arrays.copyOf(prefix, Math.max(prefix.length, limits[r]));
            if (lengths[r] >= limits[r]) {
                done[r] = true;
                stops[r] = Generation.Stop.LENGTH;
            }
        }
        int vocab = model.vocabSize();
        for (int step = 0; ; step++) {
            List<Integer> active = new ArrayList<>();
            int width = 0;
            for (int r = 0; r < rows; r++) {
                if (!done[r]) {
                    active.add(r);
                    width = Math.max(width, lengths[r]);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            float[] logits = forward(active, images, ids, lengths, width, pixels);
            for (int a = 0; a < active.size(); a++) {
                int r = active.get(a);
                int offset = (a * width + lengths[r] - 1) * vocab;
                double uniform = sampling.isGreedy() ? 0 : CounterRng.uniform(seed, SAMPLE_STREAM, r, step);
                int next = choose(logits, offset, vocab, sampling, uniform);
                if (next == tokenizer.eosId()) {
                    done[r] = true;
                    stops[r] = Generation.Stop.EOS;
                    continue;
                }
                ids[r][lengths[r]++] = next;
                if (lengths[r] >= limits[r]) {
                    done[r] = true;
                    stops[r] = Generation.Stop.LENGTH;
                }
            }
        }
        List<Generation> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int[] response = Arrays.copyOfRange(ids[r], prefixes.get(r).length, lengths[r]);
            out.add(new Generation(response, tokenizer.decode(response), stops[r]));
        }
        return out;
    }

    /** The logits (n·width·V, row-major) of the active rows right-padded to {@code width}, from a step sub-manager. */
    private float[] forward(List<Integer> active, List<float[]> images, int[][] ids, int[] lengths, int width, int pixels) {
        int n = active.size();
        int side = model.config().imageSize();
        float[] imageValues = new float[n * pixels];
        long[] tokenValues = new long[n * width];
        Arrays.fill(tokenValues, tokenizer.padId());
        for (int a = 0; a < n; a++) {
            int r = active.get(a);
            System.arraycopy(images.get(r), 0, imageValues, a * pixels, pixels);
            for (int t = 0; t < lengths[r]; t++) {
                tokenValues[a * width + t] = ids[r][t];
            }
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray imageArray = step.create(imageValues, new Shape(n, 3, side, side));
            NDArray tokenArray = step.create(tokenValues, new Shape(n, width));
            return model.logits(store, imageArray, tokenArray, false).toFloatArray();
        }
    }

    /**
     * The next token from the logits {@code values[offset, offset + vocab)}: the most likely one when greedy, else the
     * inverse-CDF draw at {@code uniform} ∈ [0,1) over the temperature-scaled nucleus in descending-probability order.
     * {@code <pad>} and {@code <bos>} are excluded.
     */
    int choose(float[] values, int offset, int vocab, Sampling sampling, double uniform) {
        int pad = tokenizer.padId();
        int bos = tokenizer.bosId();
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int v = 0; v < vocab; v++) {
            if (v != pad && v != bos && values[offset + v] > max) {
                max = values[offset + v];
                best = v;
            }
        }
        if (sampling.isGreedy() || best < 0) {
            return best < 0 ? tokenizer.eosId() : best;
        }
        double[] probabilities = new double[vocab];
        double total = 0;
        for (int v = 0; v < vocab; v++) {
            if (v != pad && v != bos) {
                probabilities[v] = Math.exp((values[offset + v] - max) / sampling.temperature());
                total += probabilities[v];
            }
        }
        Integer[] order = new Integer[vocab];
        for (int v = 0; v < vocab; v++) {
            order[v] = v;
        }
        Arrays.sort(order, (a, b) -> probabilities[a] != probabilities[b] ? Double.compare(probabilities[b], probabilities[a])
                : Integer.compare(a, b));
        int kept = 0;
        double mass = 0;
        double target = sampling.topP() * total;
        while (kept < vocab && probabilities[order[kept]] > 0) {
            mass += probabilities[order[kept]];
            kept++;
            if (mass >= target) {
                break;
            }
        }
        double threshold = uniform * mass;
        double cumulative = 0;
        for (int i = 0; i < kept; i++) {
            cumulative += probabilities[order[i]];
            if (threshold < cumulative) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    private static List<String> texts(List<Generation> generations) {
        List<String> texts = new ArrayList<>(generations.size());
        for (Generation generation : generations) {
            texts.add(generation.text());
        }
        return texts;
    }

    /** Frees the model of a {@link #load}ed generator; a no-op for one over a caller's model. */
    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
