package dev.groundwork.trainer.train;

import java.util.Objects;

/**
 * One preference pair: for the image and prompt, {@code chosen} is preferred to {@code rejected}.
 *
 * @param weight the pair's loss weight in (0, 1]: the judges' agreement from the preference policy (1 for a
 *     reviewer's resolution, for world pairs and for file pairs); each example's loss is multiplied by it
 */
public record PreferenceExample(Picture image, String prompt, String chosen, String rejected, double weight) {

    public PreferenceExample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1], was " + weight);
        }
    }

    /** A pair of weight 1. */
    public PreferenceExample(Picture image, String prompt, String chosen, String rejected) {
        this(image, prompt, chosen, rejected, 1.0);
    }
}
