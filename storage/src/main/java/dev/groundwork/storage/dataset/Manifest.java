package dev.groundwork.storage.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The records of the native dataset format, version {@value #SCHEMA_VERSION} (see
 * {@code docs/dataset-format.md}). A {@code manifest.jsonl} holds one {@link Header} line
 * followed by one {@link Item} line per item.
 */
public final class Manifest {

    public static final String FORMAT = "groundwork-dataset";
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE_NAME = "manifest.jsonl";

    private Manifest() {}

    /** First line of every manifest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Header(
            String format,
            Integer schemaVersion,
            String name,
            String description,
            Map<String, Object> source) {

        public static Header of(String name, String description, Map<String, Object> source) {
            return new Header(FORMAT, SCHEMA_VERSION, name, description, source);
        }
    }

    /**
     * One item: an image, a prompt and optional candidate responses and ground truth.
     *
     * @param id unique within the dataset
     * @param image relative path of the image inside the dataset (forward slashes)
     * @param category finer kind, e.g. {@code attribute}, {@code count}, {@code pope-adversarial}
     * @param reference the expected short answer when known ("yes", "red", "2", ...)
     * @param groundTruth the scene of the image; give it once per image (repeats must agree)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            String id,
            String image,
            String prompt,
            TaskType task,
            String category,
            String reference,
            List<Response> responses,
            GroundTruth groundTruth) {

        public Item {
            responses = responses == null ? List.of() : List.copyOf(responses);
        }
    }

    /** A candidate answer and, for synthetic ones, the hallucination it carries. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Response(String id, String model, String checkpoint, String text, Hallucination hallucination) {}

    /**
     * A known hallucination in a response, precise enough to check against the scene.
     *
     * <ul>
     *   <li>OBJECT: {@code label} names a class absent from the scene.
     *   <li>ATTRIBUTE: {@code subject} is the object id, {@code attribute} e.g. "colour",
     *       {@code claimed} the wrong value, {@code actual} the true one.
     *   <li>COUNT: {@code label} the class, {@code claimed} / {@code actual} the counts.
     *   <li>RELATION: {@code subject} and {@code object} ids, {@code claimed} the stated
     *       predicate, {@code actual} the true one.
     *   <li>OTHER: {@code claimed} describes it.
     * </ul>
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hallucination(
            HallucinationType type,
            String label,
            Integer subject,
            Integer object,
            String attribute,
            String claimed,
            String actual) {

        public Hallucination {
            Objects.requireNonNull(type, "hallucination.type");
        }
    }

    /** Ground truth of one image. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroundTruth(List<SceneObject> objects, List<Relation> relations) {
        public GroundTruth {
            objects = objects == null ? List.of() : List.copyOf(objects);
            relations = relations == null ? List.of() : List.copyOf(relations);
        }
    }

    /**
     * One object of a scene. {@code colour} and {@code size} are optional (COCO has neither).
     *
     * @param box {@code [x, y, width, height]} in pixels, origin top left
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SceneObject(
            int id,
            @JsonProperty("class") String label,
            String colour,
            String size,
            List<Double> box) {}

    /** {@code subject predicate object}, predicate one of {@link #PREDICATES}. */
    public record Relation(int subject, String predicate, int object) {}

    public static final List<String> PREDICATES = List.of("left_of", "right_of", "above", "below");
}
