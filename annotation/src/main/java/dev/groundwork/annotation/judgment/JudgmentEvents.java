package dev.groundwork.annotation.judgment;

import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.storage.judgment.Judgment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Builds the self-contained event of a stored judgment. */
final class JudgmentEvents {
    private JudgmentEvents() {}

    /** Deterministic: the same idempotency key always gives the same event id. */
    static String eventId(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("groundwork:judgment:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static JudgmentRecorded of(Judgment j, ComparisonSnapshot c, List<JudgmentRecorded.Tag> tags) {
        return new JudgmentRecorded(
                eventId(j.getIdempotencyKey()), JudgmentRecorded.TYPE, JudgmentRecorded.SCHEMA_VERSION, j.getCreatedAt(),
                j.getId(), j.getIdempotencyKey(), c.comparisonId(), c.dataset(), c.itemId(), c.prompt(), c.taskType(),
                c.image(), c.responseA(), c.responseB(),
                j.getJudgeKind().name(), j.getJudgeId(), j.getVerdict().name(), j.getStrength(),
                tags, j.getRationale(), j.getTimeSpentMs(), j.getSupersedesId().orElse(null));
    }
}
