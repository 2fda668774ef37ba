package dev.groundwork.trainer.data;

import dev.groundwork.annotation.event.CheckpointSaved.JudgeCount;
import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import dev.groundwork.trainer.train.PreferenceExample;
import java.util.List;
import java.util.Objects;

/**
 * Pairs to train on and pairs held out, with what a checkpoint's provenance needs to name them.
 *
 * @param texts every prompt and response, for fitting a tokenizer when no trained one is given
 * @param description a one-line description of the data (world seed and scenes, file and digest, offsets)
 * @param offsetRanges the judgment-topic records the pairs come from (empty unless from the stream)
 * @param policyVersion the preference policy that made pairs from votes, or empty text when none did
 * @param judges who decided the training pairs, with how many each (empty unless from the stream)
 */
public record PreferenceSet(List<PreferenceExample> train, List<PreferenceExample> heldOut, List<String> texts,
        String description, List<OffsetRange> offsetRanges, String policyVersion, List<JudgeCount> judges) {

    /** Pairs that no judges are known for (world or file data). */
    public PreferenceSet(List<PreferenceExample> train, List<PreferenceExample> heldOut, List<String> texts,
            String description, List<OffsetRange> offsetRanges, String policyVersion) {
        this(train, heldOut, texts, description, offsetRanges, policyVersion, List.of());
    }

    public PreferenceSet {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
        texts = List.copyOf(texts);
        Objects.requireNonNull(description, "description");
        offsetRanges = List.copyOf(offsetRanges);
        Objects.requireNonNull(policyVersion, "policyVersion");
        judges = List.copyOf(judges);
    }
}
