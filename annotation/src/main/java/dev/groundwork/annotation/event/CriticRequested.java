package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A critic job asks for one comparison to be judged (topic {@link Topics#CRITIC_REQUESTS}, key = comparison id).
 * Self-contained like {@link JudgmentRecorded}: the critic service judges it without reading the comparison, and
 * fetches only the image bytes (by SHA-256) and records the judgment. The event id is derived from the job and the
 * comparison, so a job that is re-sent repeats the same ids.
 *
 * @param jobId the critic job's key (UUID)
 * @param critic which critic judges: {@code claims}, {@code reward-model} or {@code openai}
 * @param settings the job's critic settings as JSON (e.g. the reward model's checkpoint URI), or null
 * @param groundTruth the image's scene annotation, when it has one (the claim checker needs it), in the dataset
 *     format's shape
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CriticRequested(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String jobId,
        String critic,
        String settings,
        long comparisonId,
        String dataset,
        String itemId,
        String prompt,
        String taskType,
        JudgmentRecorded.ImageRef image,
        JudgmentRecorded.ResponseRef responseA,
        JudgmentRecorded.ResponseRef responseB,
        Scene groundTruth) implements GroundworkEvent {

    public static final String TYPE = "CriticRequested";
    public static final int SCHEMA_VERSION = 1;
    public static final List<String> CRITICS = List.of("claims", "reward-model", "openai");

    /** A scene annotation: the objects and the relations between them, as the dataset format writes them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scene(List<SceneObject> objects, List<Relation> relations) {
        public Scene {
            objects = objects == null ? List.of() : List.copyOf(objects);
            relations = relations == null ? List.of() : List.copyOf(relations);
        }
    }

    /** One object: class, optional colour and size, and its box {@code [x, y, width, height]} in pixels. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SceneObject(int id, @JsonProperty("class") String label, String colour, String size, List<Double> box) {}

    /** {@code subject predicate object} between object ids. */
    public record Relation(int subject, String predicate, int object) {}

    /** Every rule a consumer checks; empty when the event is valid. */
    public List<String> violations() {
        List<String> v = new ArrayList<>();
        check(v, eventId != null && eventId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                "eventId must be a lower-case UUID");
        check(v, TYPE.equals(type), "type must be " + TYPE);
        check(v, schemaVersion == SCHEMA_VERSION, "unsupported schemaVersion " + schemaVersion);
        check(v, occurredAt != null, "occurredAt is missing");
        check(v, jobId != null && !jobId.isBlank(), "jobId is missing");
        check(v, critic != null && CRITICS.contains(critic), "critic must be one of " + CRITICS);
        check(v, comparisonId > 0, "comparisonId must be positive");
        check(v, prompt != null && !prompt.isBlank(), "prompt is missing");
        check(v, taskType != null, "taskType is missing");
        check(v, image != null && image.sha256() != null && image.sha256().matches("[0-9a-f]{64}"),
                "image.sha256 must be a SHA-256 hex digest");
        check(v, responseA != null && responseA.text() != null, "responseA.text is missing");
        check(v, responseB != null && responseB.text() != null, "responseB.text is missing");
        return v;
    }

    private static void check(List<String> violations, boolean ok, String message) {
        if (!ok) {
            violations.add(message);
        }
    }
}
