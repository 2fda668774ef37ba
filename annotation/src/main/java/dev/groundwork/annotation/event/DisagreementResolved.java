package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.groundwork.annotation.event.JudgmentRecorded.ImageRef;
import dev.groundwork.annotation.event.JudgmentRecorded.ResponseRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A reviewer gave the final label of a comparison whose judges disagreed. It outranks every vote on
 * that comparison (see {@code PreferencePolicy}). Self-contained like {@link JudgmentRecorded}: the
 * trainer builds the pair from it even when it consumed no judgment of the comparison.
 * {@code responseA}/{@code responseB} are in stored order and {@code verdict} refers to it.
 *
 * <p>Resolving a comparison again publishes a new event with the next {@code revision} (and a new
 * event id); a consumer keeps the highest revision and ignores older or repeated ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DisagreementResolved(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        long comparisonId,
        int revision,
        String dataset,
        String itemId,
        String prompt,
        String taskType,
        ImageRef image,
        ResponseRef responseA,
        ResponseRef responseB,
        String verdict,
        String reviewerId,
        String note) implements GroundworkEvent {

    public static final String TYPE = "DisagreementResolved";
    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_NOTE = 4000;

    /** Deterministic: revision {@code n} of a comparison's resolution always has the same event id. */
    public static String eventId(long comparisonId, int revision) {
        return UUID.nameUUIDFromBytes(("groundwork:resolution:" + comparisonId + ":" + revision)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Every rule a consumer checks; empty when the event is valid. */
    public List<String> violations() {
        List<String> v = new ArrayList<>();
        require(v, eventId != null && eventId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                "eventId must be a lower-case UUID");
        require(v, TYPE.equals(type), "type must be " + TYPE);
        require(v, schemaVersion == SCHEMA_VERSION, "unsupported schemaVersion " + schemaVersion);
        require(v, occurredAt != null, "occurredAt is missing");
        require(v, comparisonId > 0, "comparisonId must be positive");
        require(v, revision >= 1, "revision must be 1 or more");
        require(v, notBlank(prompt), "prompt is missing");
        require(v, image != null && image.sha256() != null && image.sha256().matches("[0-9a-f]{64}"),
                "image.sha256 must be a SHA-256 hex digest");
        require(v, responseA != null && responseA.text() != null, "responseA.text is missing");
        require(v, responseB != null && responseB.text() != null, "responseB.text is missing");
        require(v, responseA == null || responseB == null || responseA.responseId() != responseB.responseId(),
                "responseA and responseB must differ");
        require(v, verdict != null && JudgmentRecorded.VERDICTS.contains(verdict),
                "verdict must be one of " + JudgmentRecorded.VERDICTS);
        require(v, notBlank(reviewerId), "reviewerId is missing");
        require(v, note == null || note.length() <= MAX_NOTE, "note is longer than " + MAX_NOTE + " characters");
        return v;
    }

    private static void require(List<String> violations, boolean ok, String message) {
        if (!ok) {
            violations.add(message);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
