package dev.groundwork.annotation.judgment;

import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.storage.dataset.Item;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.image.Image;
import dev.groundwork.storage.judgment.Comparison;

/**
 * What a judgment event says about its comparison. Comparisons never change once created, so
 * the judgment service keeps these in memory instead of joining six tables per judgment. The review
 * service puts the same content in its resolution events.
 */
public record ComparisonSnapshot(long comparisonId, String dataset, String itemId, String prompt, String taskType,
        JudgmentRecorded.ImageRef image, JudgmentRecorded.ResponseRef responseA, JudgmentRecorded.ResponseRef responseB) {

    public static ComparisonSnapshot of(Comparison c) {
        Item item = c.getItem();
        Image image = item.getImage();
        return new ComparisonSnapshot(c.getId(), item.getDataset().getName(), item.getExternalId(), item.getPrompt(),
                item.getTaskType().name(),
                new JudgmentRecorded.ImageRef(image.getSha256(), JudgmentRecorded.imageUri(image.getSha256()),
                        image.getMediaType(), image.getWidth(), image.getHeight()),
                ref(c.getResponseA()), ref(c.getResponseB()));
    }

    private static JudgmentRecorded.ResponseRef ref(Response r) {
        return new JudgmentRecorded.ResponseRef(r.getId(), r.getExternalId(), r.getModelName(), r.getCheckpoint(), r.getText());
    }

    /** "A" or "B" for a response of this comparison; refuses any other response. */
    String side(long responseId) {
        if (responseA.responseId() == responseId) {
            return "A";
        }
        if (responseB.responseId() == responseId) {
            return "B";
        }
        throw new JudgmentRejectedException("tag names response " + responseId + ", which is neither A nor B of comparison " + comparisonId);
    }

    JudgmentRecorded.ResponseRef response(String side) {
        return side.equals("A") ? responseA : responseB;
    }
}
