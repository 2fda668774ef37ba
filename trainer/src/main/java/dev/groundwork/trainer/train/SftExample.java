package dev.groundwork.trainer.train;

import java.util.Objects;

/** One supervised example: for the image and prompt, the model should answer {@code target}. */
public record SftExample(Picture image, String prompt, String target) {

    public SftExample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(target, "target");
    }
}
