package dev.groundwork.annotation.judgment;

import dev.groundwork.annotation.event.JudgmentRecorded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds the self-contained event of a stored judgment. */
final class JudgmentEvents {
    private JudgmentEvents() {}

    /** Deterministic: the same idempotency key always gives the same event id. */
    static String eventId(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("groundwork:judgment:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The event of judgment {@code judgmentId}, stored at {@code createdAt} as {@code command} asked. */
    static JudgmentRecorded of(long judgmentId, RecordJudgment command, Instant createdAt, ComparisonSnapshot c,
            List<JudgmentRecorded.Tag> tags, Long supersedes) {
        return new JudgmentRecorded(
                eventId(command.idempotencyKey()), JudgmentRecorded.TYPE, JudgmentRecorded.SCHEMA_VERSION, createdAt,
                judgmentId, command.idempotencyKey(), c.comparisonId(), c.dataset(), c.itemId(), c.prompt(), c.taskType(),
                c.image(), c.responseA(), c.responseB(),
                command.judgeKind().name(), command.judgeId(), command.verdict().name(), command.strength(),
                tags, command.rationale(), command.timeSpentMs(), supersedes);
    }
}
