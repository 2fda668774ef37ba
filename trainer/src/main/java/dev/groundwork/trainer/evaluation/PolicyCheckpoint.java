package dev.groundwork.trainer.evaluation;

import dev.groundwork.trainer.generate.Generator;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.train.Checkpoint;
import dev.groundwork.trainer.train.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A policy checkpoint read for evaluation: its model shape, vocabulary, parameters and provenance.
 *
 * @param label its name in the report
 */
public record PolicyCheckpoint(String label, Path directory, VlmConfig config, WordTokenizer tokenizer, byte[] parameters,
        Provenance provenance) {

    public PolicyCheckpoint {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(provenance, "provenance");
    }

    /**
     * Reads the checkpoint in {@code directory}.
     *
     * @throws IllegalArgumentException naming the directory and what is missing when it is no policy checkpoint (no
     *     parameters, no tokenizer, a reward model)
     */
    public static PolicyCheckpoint read(String label, Path directory) {
        for (String file : new String[] {Checkpoint.MODEL, Checkpoint.TOKENIZER, Checkpoint.PROVENANCE}) {
            if (!Files.isRegularFile(directory.resolve(file))) {
                throw new IllegalArgumentException(directory + " is not a checkpoint the evaluation can load: it has no " + file);
            }
        }
        try {
            Provenance provenance = Provenance.read(directory);
            if (provenance.objective().equals("reward")) {
                throw new IllegalArgumentException(directory + " is a reward model; evaluation answers with a policy (sft, dpo,"
                        + " mdpo, ...)");
            }
            WordTokenizer tokenizer = WordTokenizer.fromJson(Files.readString(directory.resolve(Checkpoint.TOKENIZER),
                    StandardCharsets.UTF_8));
            return new PolicyCheckpoint(label, directory, Checkpoint.readConfig(directory), tokenizer,
                    Files.readAllBytes(directory.resolve(Checkpoint.MODEL)), provenance);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + directory + ": " + e.getMessage(), e);
        }
    }

    /** This checkpoint under another label. */
    public PolicyCheckpoint withLabel(String newLabel) {
        return new PolicyCheckpoint(newLabel, directory, config, tokenizer, parameters, provenance);
    }

    /** A greedy generator over this policy, on the selected device; the caller closes it. */
    public Generator generator(int maxNewTokens) {
        return Generator.load(config, tokenizer, parameters, maxNewTokens);
    }

    public String uri() {
        return ArtifactStore.uri(directory).toString();
    }

    /** The provenance as the report shows it: label → value, in reading order. */
    public Map<String, String> provenanceForReport() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("objective", provenance.objective());
        m.put("seed", Long.toString(provenance.seed()));
        m.put("data", provenance.dataset());
        if (!provenance.offsetRanges().isEmpty()) {
            m.put("offset ranges", String.join(", ", provenance.offsetRanges().stream()
                    .map(r -> r.topic() + "/" + r.partition() + " [" + r.fromOffset() + ", " + r.toOffset() + ")").toList()));
        }
        m.put("pairs or examples", Long.toString(provenance.pairs()));
        if (!provenance.policy().isEmpty()) {
            m.put("preference policy", provenance.policy());
        }
        if (provenance.round() > 0) {
            m.put("round", Integer.toString(provenance.round()));
        }
        if (!provenance.parent().isEmpty()) {
            m.put("started from", provenance.parent());
        }
        m.put("device", provenance.device());
        m.put("code version", provenance.codeVersion());
        provenance.hyperParameters().forEach(m::put);
        return m;
    }
}
