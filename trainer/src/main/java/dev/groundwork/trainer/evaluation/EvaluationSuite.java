package dev.groundwork.trainer.evaluation;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.trainer.train.Picture;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The items an evaluation asks every checkpoint about, with their images. */
public interface EvaluationSuite {

    /** The suite's name in reports and events, e.g. {@code world-heldout}. */
    String name();

    /** What the items are, for the report (world seed and scenes, or the files read). */
    String description();

    /** The items, in a fixed order (the bootstrap pairs checkpoints by position). */
    List<Case> cases();

    /**
     * One item to answer.
     *
     * @param picture the image as the model reads it
     * @param png the image as PNG, for the report's worst cases (made only for those)
     */
    record Case(Manifest.Item item, Picture picture, Supplier<byte[]> png) {
        public Case {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(picture, "picture");
            Objects.requireNonNull(png, "png");
        }
    }
}
