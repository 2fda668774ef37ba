package dev.groundwork.trainer.train;

import java.util.Objects;

/** One preference pair: for the image and prompt, {@code chosen} is preferred to {@code rejected}. */
public record PreferenceExample(Picture image, String prompt, String chosen, String rejected) {

    public PreferenceExample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
    }
}
