package dev.groundwork.critic.judge;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import java.util.Objects;
import java.util.Optional;

/**
 * One comparison as a critic sees it: the image, the prompt and two answers in the order they are shown to the
 * critic ({@code first}, {@code second}). A {@link CriticVerdict} refers to that order.
 *
 * @param id the comparison's id (or another stable id of the pair), used in logs and dead-letter reasons
 * @param taskType what the prompt asks for (caption, open question, yes/no probe)
 * @param groundTruth the scene annotation of the image, when the dataset has one (the claim checker needs it)
 */
public record CriticPair(String id, String prompt, TaskType taskType, CriticImage image, String first, String second,
        Manifest.GroundTruth groundTruth) {

    public CriticPair {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(taskType, "taskType");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /** The same pair with the two answers in the other order. */
    public CriticPair swapped() {
        return new CriticPair(id, prompt, taskType, image, second, first, groundTruth);
    }

    /** The scene annotation, when there is one. */
    public Optional<Manifest.GroundTruth> scene() {
        return Optional.ofNullable(groundTruth);
    }
}
