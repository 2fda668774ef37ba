package dev.groundwork.annotation.judgment;

import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A request to record one judgment.
 *
 * @param strength 1 = normal, 2 = strong preference
 * @param idempotencyKey chosen by the client; a resubmission with the same key is stored once
 * @param supersedes the id of the same judge's earlier judgment of the comparison that this one corrects, if any
 */
public record RecordJudgment(
        long comparisonId,
        JudgeKind judgeKind,
        String judgeId,
        Verdict verdict,
        int strength,
        List<TagInput> tags,
        String rationale,
        Long timeSpentMs,
        String idempotencyKey,
        OptionalLong supersedes) {

    public static final int MAX_RATIONALE = 8000;
    static final int MAX_KEY = 200;

    /** A hallucination tag on one of the two compared responses, with an optional span {@code [start, end)}. */
    public record TagInput(long responseId, HallucinationType tag, Integer spanStart, Integer spanEnd) {
        public TagInput {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /** A first verdict on the comparison: no correction. */
    public RecordJudgment(long comparisonId, JudgeKind judgeKind, String judgeId, Verdict verdict, int strength,
            List<TagInput> tags, String rationale, Long timeSpentMs, String idempotencyKey) {
        this(comparisonId, judgeKind, judgeId, verdict, strength, tags, rationale, timeSpentMs, idempotencyKey,
                OptionalLong.empty());
    }

    public RecordJudgment {
        Objects.requireNonNull(judgeKind, "judgeKind");
        Objects.requireNonNull(supersedes, "supersedes");
        Objects.requireNonNull(verdict, "verdict");
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (judgeId == null || judgeId.isBlank()) {
            throw new JudgmentRejectedException("judge id is missing");
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY) {
            throw new JudgmentRejectedException("idempotency key must be 1 to " + MAX_KEY + " characters");
        }
        if (strength < 1 || strength > 2) {
            throw new JudgmentRejectedException("strength must be 1 (normal) or 2 (strong), was " + strength);
        }
        if (rationale != null && rationale.length() > MAX_RATIONALE) {
            throw new JudgmentRejectedException("rationale is longer than " + MAX_RATIONALE + " characters");
        }
        if (timeSpentMs != null && timeSpentMs < 0) {
            throw new JudgmentRejectedException("time spent cannot be negative");
        }
    }
}
