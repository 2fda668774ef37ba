package dev.groundwork.trainer.eval;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The files CHAIR's script reads (Rohrbach et al. 2018, {@code github.com/LisaAnne/Hallucination},
 * {@code utils/chair.py}):
 *
 * <ul>
 *   <li>generated captions, one JSON object per line with {@code image_id} (an integer or a string) and
 *       {@code caption} (a string);
 *   <li>COCO instance annotations ({@code instances_*.json}): {@code annotations[].image_id},
 *       {@code annotations[].category_id}, {@code categories[].id} and {@code .name}, and {@code images[].id}; each
 *       category name is mapped to its CHAIR class. The file is read as a stream (COCO's are hundreds of megabytes) and
 *       only the captioned images are kept;
 *   <li>optionally COCO reference captions ({@code captions_*.json}: {@code annotations[].image_id},
 *       {@code .caption}): the objects they name are added to the ground truth, as CHAIR's script does.
 * </ul>
 *
 * <p>A captioned image that the instances file lists in {@code images} but annotates with no object (COCO has such
 * images) is scored against the objects of its reference captions, or none, as CHAIR's script does, with a warning. A
 * captioned image the instances file does not know at all is refused: the captions and the annotations are then of
 * different splits, and every mention would count as hallucinated. Malformed input is refused with the file, the line
 * (and column, in the JSON files) and the field.
 */
public final class CocoFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoFiles() {}

    /** A caption to score: the image it describes, its text, and its line in the captions file. */
    public record GeneratedCaption(String imageId, String caption, int line) {}

    /**
     * The ground-truth classes of each captioned image, and warnings.
     *
     * @param unannotated captioned images listed in the instances file with no instance annotation
     */
    public record GroundTruth(Map<String, Set<String>> objects, List<String> unannotated, List<String> warnings) {
        public GroundTruth {
            objects = Map.copyOf(objects);
            unannotated = List.copyOf(unannotated);
            warnings = List.copyOf(warnings);
        }

        public Set<String> of(String imageId) {
            return objects.getOrDefault(imageId, Set.of());
        }
    }

    /** The captions file; refuses a missing or repeated image_id and a caption that is not a string. */
    public static List<GeneratedCaption> captions(Path file) {
        List<GeneratedCaption> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonLines.forEach(file, (line, row) -> {
            String id = imageId(row.get("image_id")).orElseThrow(() -> JsonLines.refuse(file, line,
                    row.hasNonNull("image_id") ? "image_id must be an integer or a string, was "
                            + JsonLines.kind(row.get("image_id")) : "image_id is missing"));
            Integer earlier = seen.putIfAbsent(id, line);
            if (earlier != null) {
                throw JsonLines.refuse(file, line, "image_id " + id + " repeats line " + earlier);
            }
            out.add(new GeneratedCaption(id, JsonLines.string(file, line, row, "caption"), line));
        });
        if (out.isEmpty()) {
            throw new FormatException(file + ": no captions in the file");
        }
        return out;
    }

    /** The ground truth of the captioned images from the instances file and, when given, the reference captions. */
    public static GroundTruth groundTruth(List<GeneratedCaption> captions, Path instances, Optional<Path> references,
            ObjectVocabulary vocabulary) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        captions.forEach(c -> wanted.putIfAbsent(c.imageId(), c.line()));
        Map<String, Set<Integer>> categoriesOf = new HashMap<>();
        Map<Integer, String> categoryNames = new HashMap<>();
        Map<Integer, Place> categoryUse = new HashMap<>();
        Set<String> listed = new java.util.HashSet<>();
        boolean[] sections = new boolean[3];
        readArrays(instances, (field, element) -> {
            switch (field) {
                case "annotations" -> {
                    sections[0] = true;
                    String id = required(instances, element, "annotations", "image_id");
                    if (wanted.containsKey(id)) {
                        int category = integer(instances, element, "annotations", "category_id");
                        categoriesOf.computeIfAbsent(id, k -> new TreeSet<>()).add(category);
                        categoryUse.putIfAbsent(category, element.place());
                    }
                }
                case "categories" -> {
                    sections[1] = true;
                    int id = integer(instances, element, "categories", "id");
                    JsonNode name = element.node().get("name");
                    if (name == null || !name.isTextual()) {
                        throw refuse(instances, element.place(), "categories[" + element.index() + "].name is "
                                + (name == null ? "missing" : "not a string"));
                    }
                    categoryNames.put(id, name.asText());
                }
                case "images" -> {
                    sections[2] = true;
                    String id = required(instances, element, "images", "id");
                    if (wanted.containsKey(id)) {
                        listed.add(id);
                    }
                }
                default -> { }
            }
        });
        if (!sections[0]) {
            throw new FormatException(instances + ": no annotations array (is this a COCO instances file?)");
        }
        if (!sections[1]) {
            throw new FormatException(instances + ": no categories array (is this a COCO instances file?)");
        }
        Map<Integer, String> classOfCategory = new HashMap<>();
        categoryUse.forEach((category, place) -> {
            String name = categoryNames.get(category);
            if (name == null) {
                throw refuse(instances, place, "category_id " + category + " is not in categories");
            }
            classOfCategory.put(category, vocabulary.classOf(name).orElseThrow(() -> refuse(instances, place,
                    "category '" + name + "' (id " + category + ") is not an object class of the vocabulary")));
        });
        Map<String, Set<String>> objects = new HashMap<>();
        List<String> unannotated = new ArrayList<>();
        for (Map.Entry<String, Integer> w : wanted.entrySet()) {
            Set<Integer> categories = categoriesOf.get(w.getKey());
            if (categories == null) {
                if (!listed.contains(w.getKey())) {
                    throw new FormatException(instances + ": image_id " + w.getKey() + " (captions line " + w.getValue()
                            + ") has no annotations and is not among the file's images; are the captions and the"
                            + " annotations of the same split?");
                }
                unannotated.add(w.getKey());
                objects.put(w.getKey(), new TreeSet<>());
            } else {
                Set<String> classes = new TreeSet<>();
                categories.forEach(c -> classes.add(classOfCategory.get(c)));
                objects.put(w.getKey(), classes);
            }
        }
        references.ifPresent(file -> readArrays(file, (field, element) -> {
            if (field.equals("annotations")) {
                String id = required(file, element, "annotations", "image_id");
                if (objects.containsKey(id)) {
                    JsonNode caption = element.node().get("caption");
                    if (caption == null || !caption.isTextual()) {
                        throw refuse(file, element.place(), "annotations[" + element.index() + "].caption is "
                                + (caption == null ? "missing" : "not a string"));
                    }
                    vocabulary.mentions(caption.asText()).forEach(m -> objects.get(id).add(m.objectClass()));
                }
            }
        }));
        List<String> warnings = new ArrayList<>();
        if (!unannotated.isEmpty()) {
            warnings.add(instances + ": " + unannotated.size() + " captioned image(s) have no instance annotations"
                    + " and are scored against " + (references.isPresent() ? "their reference captions' objects only"
                    : "no objects (every mention counts as hallucinated)") + ", e.g. image_id " + unannotated.get(0));
        }
        return new GroundTruth(objects, unannotated, warnings);
    }

    /** Where an array element starts. */
    private record Place(int line, int column) {}

    private record Element(JsonNode node, int index, Place place) {}

    /** Streams the elements of every top-level array field of a JSON object file; skips everything else. */
    private static void readArrays(Path file, BiConsumer<String, Element> each) {
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw refuse(file, place(p.currentTokenLocation()), "expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    Place at = place(p.currentTokenLocation());
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        throw refuse(file, at, field + "[" + index + "] is not an object");
                    }
                    JsonNode node = p.readValueAsTree();
                    each.accept(field, new Element(node, index, at));
                    index++;
                }
            }
        } catch (JsonParseException e) {
            throw refuse(file, place(e.getLocation()), "not valid JSON");
        } catch (CharConversionException e) {
            throw new FormatException(file + ": the file is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Place place(JsonLocation location) {
        return location == null ? new Place(0, 0) : new Place(location.getLineNr(), location.getColumnNr());
    }

    /** An image id: an integer number or a string, as text. */
    private static Optional<String> imageId(JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isIntegralNumber() || v.isTextual()) {
            return Optional.of(v.asText());
        }
        return Optional.empty();
    }

    private static String required(Path file, Element e, String array, String field) {
        JsonNode v = e.node().get(field);
        return imageId(v).orElseThrow(() -> refuse(file, e.place(), array + "[" + e.index() + "]." + field + " is "
                + (v == null || v.isNull() ? "missing" : "not an integer or a string")));
    }

    private static int integer(Path file, Element e, String array, String field) {
        JsonNode v = e.node().get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw refuse(file, e.place(), array + "[" + e.index() + "]." + field + " is "
                    + (v == null || v.isNull() ? "missing" : "not an integer"));
        }
        return v.asInt();
    }

    private static FormatException refuse(Path file, Place at, String reason) {
        return new FormatException(file + " line " + at.line() + " column " + at.column() + ": " + reason);
    }
}
