package dev.groundwork.storage.dataset.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import dev.groundwork.storage.dataset.ImportLimits;
import dev.groundwork.storage.dataset.Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads COCO-style instance annotations ({@code images}, {@code annotations}, {@code categories})
 * as ground truth: one object per annotation, class from the category name, box from
 * {@code bbox}. Keyed by the image's file name.
 */
public final class CocoReader {

    private final ImportLimits limits;

    public CocoReader(ImportLimits limits) {
        this.limits = limits;
    }

    public static boolean isCocoFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean place = !path.contains("/") || path.startsWith("annotations/") && path.indexOf('/') == path.lastIndexOf('/');
        return place && name.startsWith("instances") && name.endsWith(".json");
    }

    /** Ground truth by image file name (without folders). */
    public Map<String, Manifest.GroundTruth> read(DatasetSource source, String file) {
        JsonNode root;
        String text = Utf8Text.decode(file, source.read(file, limits.maxManifestBytes()));
        try {
            root = Json.LENIENT.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new ImportException(ImportError.at(file, line, null, Json.syntax(e)));
        }
        for (String key : List.of("images", "annotations", "categories")) {
            if (!root.path(key).isArray()) {
                throw new ImportException(ImportError.at(file, 0, key, "COCO instances file needs an array '" + key + "'"));
            }
        }
        Map<Long, String> categories = new HashMap<>();
        for (JsonNode c : root.get("categories")) {
            categories.put(c.path("id").asLong(), c.path("name").asText());
        }
        Map<Long, String> fileNames = new HashMap<>();
        for (JsonNode i : root.get("images")) {
            String name = i.path("file_name").asText("");
            fileNames.put(i.path("id").asLong(), name.substring(name.lastIndexOf('/') + 1));
        }
        Map<String, List<Manifest.SceneObject>> objects = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode a : root.get("annotations")) {
            String where = "annotations[" + index++ + "]";
            String image = fileNames.get(a.path("image_id").asLong());
            String label = categories.get(a.path("category_id").asLong());
            JsonNode bbox = a.path("bbox");
            if (image == null) {
                throw new ImportException(ImportError.at(file, 0, where + ".image_id", "refers to no image"));
            }
            if (label == null) {
                throw new ImportException(ImportError.at(file, 0, where + ".category_id", "refers to no category"));
            }
            if (!bbox.isArray() || bbox.size() != 4) {
                throw new ImportException(ImportError.at(file, 0, where + ".bbox", "must be [x, y, width, height]"));
            }
            List<Manifest.SceneObject> list = objects.computeIfAbsent(image, k -> new ArrayList<>());
            List<Double> box = List.of(bbox.get(0).asDouble(), bbox.get(1).asDouble(), bbox.get(2).asDouble(), bbox.get(3).asDouble());
            list.add(new Manifest.SceneObject(list.size(), label, null, null, box));
        }
        Map<String, Manifest.GroundTruth> truths = new LinkedHashMap<>();
        objects.forEach((image, list) -> truths.put(image, new Manifest.GroundTruth(list, List.of())));
        return truths;
    }

}
