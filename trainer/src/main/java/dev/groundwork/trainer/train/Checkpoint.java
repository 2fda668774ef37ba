package dev.groundwork.trainer.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.groundwork.trainer.model.VlmConfig;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The training state saved in a checkpoint directory (the trainers' {@code save} writes it, {@link Start#resume}
 * reads it back into fresh trainer objects):
 *
 * <pre>
 *   model.params       the trained block's parameters (DJL Block.saveParameters format)
 *   reference.params   DPO/mDPO only: the frozen reference model's parameters
 *   optimizer.bin      Adam: update count t, then per parameter its name and the m and v arrays (NDArray.encode)
 *   state.json         this record: objective, step, seed, data position (epoch, index), consumed Kafka offsets
 *   provenance.json    {@link Provenance}
 *   tokenizer.json     the WordTokenizer's vocabulary, when the trainer uses one
 * </pre>
 *
 * The run's randomness is counter-based ({@link CounterRng}), so its whole "RNG state" is {@code (seed, step,
 * position)}. Resuming on the same CPU build reproduces an uninterrupted run bit for bit.
 *
 * @param offsets consumed offsets, e.g. {@code "judgments-0" -> 1234}: what the saved parameters have seen
 */
public record Checkpoint(String objective, long step, long seed, long epoch, int index, Map<String, Long> offsets) {

    public static final String MODEL = "model.params";
    public static final String REFERENCE = "reference.params";
    public static final String OPTIMIZER = "optimizer.bin";
    public static final String STATE = "state.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String TOKENIZER = "tokenizer.json";
    /** The model's shape ({@link VlmConfig} as JSON), so that a checkpoint can be loaded without knowing its size. */
    public static final String MODEL_CONFIG = "model.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public Checkpoint {
        Objects.requireNonNull(objective, "objective");
        offsets = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(offsets, "offsets")));
    }

    /** The data position of the next batch. */
    public DataCursor.Position position() {
        return new DataCursor.Position(epoch, index);
    }

    /** Writes {@value #STATE} into {@code directory}. */
    public void write(Path directory) throws IOException {
        Files.writeString(directory.resolve(STATE), GSON.toJson(this), StandardCharsets.UTF_8);
    }

    /** Writes {@value #MODEL_CONFIG} into {@code directory}. */
    public static void writeConfig(Path directory, VlmConfig config) throws IOException {
        Files.writeString(directory.resolve(MODEL_CONFIG), GSON.toJson(config), StandardCharsets.UTF_8);
    }

    /**
     * The model shape of the checkpoint in {@code directory}: its {@value #MODEL_CONFIG}, or for checkpoints written
     * before that file existed, the {@code model} hyper-parameter of its provenance ({@code VlmConfig[imageSize=…]}).
     * Either written before {@link VlmConfig#stem} existed reads as the patch stem.
     *
     * @throws IllegalArgumentException if neither says
     */
    public static VlmConfig readConfig(Path directory) throws IOException {
        Path file = directory.resolve(MODEL_CONFIG);
        if (Files.isRegularFile(file)) {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), VlmConfig.class);
        }
        String written = Provenance.read(directory).hyperParameters().get("model");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("VlmConfig\\[imageSize=(\\d+), patchSize=(\\d+), "
                + "hiddenSize=(\\d+), encoderLayers=(\\d+), decoderLayers=(\\d+), heads=(\\d+), maxTextLength=(\\d+), "
                + "mlpRatio=(\\d+)(?:, stem=(\\w+))?]").matcher(written == null ? "" : written);
        if (!m.matches()) {
            throw new IllegalArgumentException(directory + " does not say its model shape (no " + MODEL_CONFIG
                    + ", and its provenance has no model hyper-parameter)");
        }
        int[] v = new int[8];
        for (int i = 0; i < 8; i++) {
            v[i] = Integer.parseInt(m.group(i + 1));
        }
        return new VlmConfig(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], m.group(9));
    }

    /** Reads {@value #STATE} from {@code directory}. */
    public static Checkpoint read(Path directory) throws IOException {
        return GSON.fromJson(Files.readString(directory.resolve(STATE), StandardCharsets.UTF_8), Checkpoint.class);
    }
}
