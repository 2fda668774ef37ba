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
import java.util.Optional;

/** Reads and validates a native {@code manifest.jsonl} (format version 1). */
public final class ManifestReader {

    private final ImportLimits limits;

    public ManifestReader(ImportLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads the manifest, adding every problem of its lines to {@code problems} and returning the items that have
     * none, so that the caller can go on to check their images in the same pass.
     *
     * @throws ImportException when the manifest cannot be read at all (missing, too large, not UTF-8, no header)
     */
    public DatasetPlan read(DatasetSource source, Optional<String> nameOverride, Problems problems) {
        String file = Manifest.FILE_NAME;
        long size = source.size(file).orElseThrow(() ->
                new ImportException(ImportError.of(file, "missing from " + source.describe())));
        if (size > limits.maxManifestBytes()) {
            throw new ImportException(ImportError.of(file,
                    "manifest is " + size + " bytes, over the limit of " + limits.maxManifestBytes()
                            + " (groundwork.storage.max-manifest-bytes)"));
        }
        List<String> lines = Utf8Text.lines(file, source.read(file, limits.maxManifestBytes()));
        if (lines.isEmpty()) {
            throw new ImportException(ImportError.at(file, 1, null, "manifest is empty; the first line must be the header"));
        }
        Manifest.Header header = readHeader(file, lines.get(0));
        String name = nameOverride.orElse(header.name());

        List<DatasetPlan.Located<Manifest.Item>> items = new ArrayList<>();
        Map<String, Integer> firstLineOfId = new HashMap<>();
        Map<String, DatasetPlan.Located<Manifest.GroundTruth>> truths = new LinkedHashMap<>();
        ItemValidator validator = new ItemValidator(file, limits);
        int problemsBefore = problems.count();
        for (int i = 1; i < lines.size(); i++) {
            int lineNo = i + 1;
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            Optional<Manifest.Item> parsed = parseItem(file, lineNo, text, problems);
            if (parsed.isEmpty()) {
                continue;
            }
            Manifest.Item item = parsed.get();
            List<ImportError> itemErrors = validator.validate(lineNo, item);
            if (!itemErrors.isEmpty()) {
                itemErrors.forEach(problems::add);
                continue;
            }
            Integer first = firstLineOfId.putIfAbsent(item.id(), lineNo);
            if (first != null) {
                problems.add(ImportError.at(file, lineNo, "id", "duplicate item id '" + item.id() + "' (first on line " + first + ")"));
                continue;
            }
            if (item.groundTruth() != null) {
                var earlier = truths.putIfAbsent(item.image(), new DatasetPlan.Located<>(file, lineNo, item.groundTruth()));
                if (earlier != null && !earlier.value().equals(item.groundTruth())) {
                    problems.add(ImportError.at(file, lineNo, "groundTruth", "ground truth for image '" + item.image()
                            + "' differs from the one on line " + earlier.line()));
                    continue;
                }
            }
            items.add(new DatasetPlan.Located<>(file, lineNo, item));
        }
        if (items.isEmpty() && problems.count() == problemsBefore) {
            problems.add(ImportError.of(file, "manifest holds no items"));
        }
        return new DatasetPlan(name, header.description(), "groundwork-v" + Manifest.SCHEMA_VERSION,
                header.source() == null ? Map.of() : header.source(), items, truths);
    }

    /** One item line: JSON, an object, and the fields of an item; or empty, with the problem added. */
    private static Optional<Manifest.Item> parseItem(String file, int lineNo, String text, Problems problems) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(ImportError.at(file, lineNo, null, Json.syntax(e)));
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(ImportError.at(file, lineNo, null,
                    "expected a JSON object for an item, found " + Json.kind(node)));
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.treeToValue(node, Manifest.Item.class));
        } catch (JsonProcessingException e) {
            problems.add(ImportError.at(file, lineNo, Json.field(e), Json.binding(e, node)));
            return Optional.empty();
        }
    }

    private static Manifest.Header readHeader(String file, String line) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ImportException(ImportError.at(file, 1, null, "header: " + Json.syntax(e)));
        }
        if (!node.isObject() || !Manifest.FORMAT.equals(node.path("format").asText(null))) {
            throw new ImportException(ImportError.at(file, 1, "format",
                    "first line must be the header {\"format\":\"" + Manifest.FORMAT + "\",\"schemaVersion\":1,...}"));
        }
        JsonNode version = node.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw new ImportException(ImportError.at(file, 1, "schemaVersion", "schemaVersion is missing or not an integer"));
        }
        if (version.intValue() != Manifest.SCHEMA_VERSION) {
            throw new ImportException(ImportError.at(file, 1, "schemaVersion", "unknown schemaVersion " + version.intValue()
                    + " (this version of Groundwork reads " + Manifest.SCHEMA_VERSION + ")"));
        }
        try {
            return Json.MAPPER.treeToValue(node, Manifest.Header.class);
        } catch (JsonProcessingException e) {
            throw new ImportException(ImportError.at(file, 1, Json.field(e), "header: " + Json.binding(e, node)));
        }
    }
}
