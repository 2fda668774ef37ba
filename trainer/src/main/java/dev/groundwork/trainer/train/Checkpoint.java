package dev.groundwork.trainer.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Reads {@value #STATE} from {@code directory}. */
    public static Checkpoint read(Path directory) throws IOException {
        return GSON.fromJson(Files.readString(directory.resolve(STATE), StandardCharsets.UTF_8), Checkpoint.class);
    }
}
