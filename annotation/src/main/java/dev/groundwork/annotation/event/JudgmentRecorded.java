package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A judgment was recorded. Self-contained: the trainer builds a preference pair from it without
 * database access. {@code responseA}/{@code responseB} are in stored order (not the order an
 * annotator saw); {@code verdict} refers to that stored order.
 *
 * <p>{@code supersedes}, when present, is the id of the same judge's earlier judgment of the same
 * comparison that this one corrects: consumers count only the latest (a judgment no other
 * supersedes). Absent (left out of the JSON) for a first verdict, so events written before
 * corrections existed read as before.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JudgmentRecorded(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        long judgmentId,
        String idempotencyKey,
        long comparisonId,
        String dataset,
        String itemId,
        String prompt,
        String taskType,
        ImageRef image,
        ResponseRef responseA,
        ResponseRef responseB,
        String judgeKind,
        String judgeId,
        String verdict,
        int strength,
        List<Tag> tags,
        String rationale,
        Long timeSpentMs,
        Long supersedes) implements GroundworkEvent {

    public static final String TYPE = "JudgmentRecorded";
    public static final int SCHEMA_VERSION = 1;

    public static final List<String> JUDGE_KINDS = List.of("HUMAN", "CRITIC");
    public static final List<String> VERDICTS = List.of("A", "B", "TIE", "BOTH_BAD");
    public static final List<String> TAGS = List.of("OBJECT", "ATTRIBUTE", "RELATION", "COUNT", "OTHER");

    /**
     * An image by content hash.
     *
     * @param uri where to fetch it, e.g. {@code groundwork:image/sha256/<hex>}
     */
    public record ImageRef(String sha256, String uri, String mediaType, int width, int height) {}

    /** A response as it was judged. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseRef(long responseId, String externalId, String model, String checkpoint, String text) {}

    /** A hallucination tag on response "A" or "B", with an optional half-open character span. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tag(String response, String tag, Integer spanStart, Integer spanEnd) {}

    public JudgmentRecorded {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A first verdict: no correction of an earlier one. */
    public JudgmentRecorded(String eventId, String type, int schemaVersion, Instant occurredAt, long judgmentId,
            String idempotencyKey, long comparisonId, String dataset, String itemId, String prompt, String taskType,
            ImageRef image, ResponseRef responseA, ResponseRef responseB, String judgeKind, String judgeId, String verdict,
            int strength, List<Tag> tags, String rationale, Long timeSpentMs) {
        this(eventId, type, schemaVersion, occurredAt, judgmentId, idempotencyKey, comparisonId, dataset, itemId, prompt,
                taskType, image, responseA, responseB, judgeKind, judgeId, verdict, strength, tags, rationale, timeSpentMs, null);
    }

    /** The superseded judgment's id, when this judgment corrects an earlier one. */
    public OptionalLong superseded() {
        return supersedes == null ? OptionalLong.empty() : OptionalLong.of(supersedes);
    }

    /** Every rule a consumer checks; empty when the event is valid. */
    public List<String> violations() {
        List<String> v = new ArrayList<>();
        require(v, eventId != null && eventId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                "eventId must be a lower-case UUID");
        require(v, TYPE.equals(type), "type must be " + TYPE);
        require(v, schemaVersion == SCHEMA_VERSION, "unsupported schemaVersion " + schemaVersion);
        require(v, occurredAt != null, "occurredAt is missing");
        require(v, judgmentId > 0, "judgmentId must be positive");
        require(v, comparisonId > 0, "comparisonId must be positive");
        require(v, notBlank(idempotencyKey), "idempotencyKey is missing");
        require(v, notBlank(prompt), "prompt is missing");
        require(v, image != null && image.sha256() != null && image.sha256().matches("[0-9a-f]{64}"), "image.sha256 must be a SHA-256 hex digest");
        require(v, responseA != null && responseA.text() != null, "responseA.text is missing");
        require(v, responseB != null && responseB.text() != null, "responseB.text is missing");
        require(v, responseA == null || responseB == null || responseA.responseId() != responseB.responseId(),
                "responseA and responseB must differ");
        require(v, judgeKind != null && JUDGE_KINDS.contains(judgeKind), "judgeKind must be one of " + JUDGE_KINDS);
        require(v, notBlank(judgeId), "judgeId is missing");
        require(v, verdict != null && VERDICTS.contains(verdict), "verdict must be one of " + VERDICTS);
        require(v, strength >= 1 && strength <= 2, "strength must be 1 (normal) or 2 (strong)");
        require(v, supersedes == null || (supersedes > 0 && supersedes != judgmentId),
                "supersedes must be the positive id of another judgment");
        for (Tag t : tags) {
            require(v, t != null && ("A".equals(t.response()) || "B".equals(t.response())), "tag.response must be A or B");
            require(v, t != null && t.tag() != null && TAGS.contains(t.tag()), "tag must be one of " + TAGS);
        }
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

    /** The response the verdict prefers, when it prefers one. */
    public ResponseRef chosen() {
        return switch (verdict) {
            case "A" -> responseA;
            case "B" -> responseB;
            default -> throw new IllegalStateException("verdict " + verdict + " prefers no response");
        };
    }

    public static String imageUri(String sha256) {
        return "groundwork:image/sha256/" + Objects.requireNonNull(sha256);
    }
}
