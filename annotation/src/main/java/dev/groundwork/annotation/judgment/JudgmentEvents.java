package dev.groundwork.annotation.judgment;

import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.storage.dataset.Item;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.image.Image;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.JudgmentTag;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds the self-contained event of a stored judgment. */
final class JudgmentEvents {
    private JudgmentEvents() {}

    /** Deterministic: the same idempotency key always gives the same event id. */
    static String eventId(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("groundwork:judgment:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static JudgmentRecorded of(Judgment j, Comparison c) {
        Item item = c.getItem();
        Image image = item.getImage();
        return new JudgmentRecorded(
                eventId(j.getIdempotencyKey()), JudgmentRecorded.TYPE, JudgmentRecorded.SCHEMA_VERSION, j.getCreatedAt(),
                j.getId(), j.getIdempotencyKey(), c.getId(), item.getDataset().getName(), item.getExternalId(),
                item.getPrompt(), item.getTaskType().name(),
                new JudgmentRecorded.ImageRef(image.getSha256(), JudgmentRecorded.imageUri(image.getSha256()),
                        image.getMediaType(), image.getWidth(), image.getHeight()),
                ref(c.getResponseA()), ref(c.getResponseB()),
                j.getJudgeKind().name(), j.getJudgeId(), j.getVerdict().name(), j.getStrength(),
                j.getTags().stream().map(t -> tag(t, c)).toList(), j.getRationale(), j.getTimeSpentMs());
    }

    private static JudgmentRecorded.ResponseRef ref(Response r) {
        return new JudgmentRecorded.ResponseRef(r.getId(), r.getExternalId(), r.getModelName(), r.getCheckpoint(), r.getText());
    }

    private static JudgmentRecorded.Tag tag(JudgmentTag t, Comparison c) {
        String side = t.getResponse().getId().equals(c.getResponseA().getId()) ? "A" : "B";
        return new JudgmentRecorded.Tag(side, t.getTag().name(), t.getSpanStart(), t.getSpanEnd());
    }
}
