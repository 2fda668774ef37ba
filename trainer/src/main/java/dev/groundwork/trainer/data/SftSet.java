package dev.groundwork.trainer.data;

import dev.groundwork.trainer.train.SftExample;
import java.util.List;
import java.util.Objects;

/** Supervised examples to train on and held out, the texts for a tokenizer, and a description for provenance. */
public record SftSet(List<SftExample> train, List<SftExample> heldOut, List<String> texts, String description) {

    public SftSet {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
        texts = List.copyOf(texts);
        Objects.requireNonNull(description, "description");
    }
}
