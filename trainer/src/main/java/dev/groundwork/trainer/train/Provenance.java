package dev.groundwork.trainer.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.groundwork.annotation.event.CheckpointSaved.JudgeCount;
import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a set of parameters came from, stored as {@value Checkpoint#PROVENANCE} next to them.
 *
 * @param objective {@code sft}, {@code dpo}, {@code mdpo} or {@code reward}
 * @param hyperParameters loss and optimiser settings as text (β, loss type, learning rate, batch size, ...)
 * @param seed the run seed
 * @param dataset a description of the data snapshot (name, digest, offsets, ...)
 * @param codeVersion the trainer jar's {@code Implementation-Version}, or {@code dev} when run from classes
 * @param device the engine and device, see {@link TrainingDevice#describe}
 * @param offsetRanges the judgment-topic records {@code [from, to)} per partition that this round consumed (empty
 *     for world or file data)
 * @param pairs how many preference pairs (or SFT examples) the run trained on
 * @param policy the preference policy and its version that made pairs from votes; empty when none did
 * @param round the follow or on-policy round, 0 for a run that is no round
 * @param parent the checkpoint this run warm-started from (its URI or path), empty for a fresh start
 * @param judges who decided the preference pairs it trained on, with how many each (empty for world or file data, and
 *     in provenance files written before judges were recorded)
 */
public record Provenance(String objective, Map<String, String> hyperParameters, long seed, String dataset, String codeVersion,
        String device, List<OffsetRange> offsetRanges, long pairs, String policy, int round, String parent,
        List<JudgeCount> judges) {

    /** What the trained data was, for a checkpoint's provenance. */
    public record Data(String description, List<OffsetRange> offsetRanges, long pairs, String policy, int round, String parent,
            List<JudgeCount> judges) {
        public Data {
            Objects.requireNonNull(description, "description");
            offsetRanges = List.copyOf(offsetRanges);
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(parent, "parent");
            judges = List.copyOf(judges);
        }

        /** Data whose judges are not known (not from the judgment stream). */
        public Data(String description, List<OffsetRange> offsetRanges, long pairs, String policy, int round, String parent) {
            this(description, offsetRanges, pairs, policy, round, parent, List.of());
        }

        /** Data described by text only (world or file data, no round, no parent). */
        public static Data of(String description, long pairs) {
            return new Data(description, List.of(), pairs, "", 0, "");
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public Provenance {
        Objects.requireNonNull(objective, "objective");
        hyperParameters = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(hyperParameters, "hyperParameters")));
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(codeVersion, "codeVersion");
        Objects.requireNonNull(device, "device");
        offsetRanges = offsetRanges == null ? List.of() : List.copyOf(offsetRanges);
        policy = policy == null ? "" : policy;
        parent = parent == null ? "" : parent;
        judges = judges == null ? List.of() : List.copyOf(judges);
    }

    /** The code version of this build: the jar manifest's {@code Implementation-Version}, else {@code dev}. */
    public static String currentCodeVersion() {
        String version = Provenance.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static Provenance fromJson(String json) {
        return GSON.fromJson(json, Provenance.class);
    }

    /** Writes {@value Checkpoint#PROVENANCE} into {@code directory}. */
    public void write(Path directory) throws IOException {
        Files.writeString(directory.resolve(Checkpoint.PROVENANCE), toJson(), StandardCharsets.UTF_8);
    }

    /** Reads {@value Checkpoint#PROVENANCE} from {@code directory}. */
    public static Provenance read(Path directory) throws IOException {
        return fromJson(Files.readString(directory.resolve(Checkpoint.PROVENANCE), StandardCharsets.UTF_8));
    }
}
