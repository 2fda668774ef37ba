package dev.groundwork.storage.dataset.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import dev.groundwork.storage.dataset.ImportLimits;
import dev.groundwork.storage.dataset.Manifest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads and validates a native {@code manifest.jsonl} (format version 1), streaming it line by line. */
public final class ManifestReader {

    private final ImportLimits limits;

    public ManifestReader(ImportLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads the manifest line by line, adding every problem of its lines to {@code problems}, so that the caller can go
     * on to check the images of the valid items in the same pass. The items are not held: what this pass keeps is
     * their ids, images and ground truth; {@link DatasetPlan#items()} reads the file again when it is stored, and
     * refuses it if it changed meanwhile.
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
        try (Utf8Lines lines = Utf8Lines.open(source, file, limits.maxManifestBytes())) {
            String first = lines.next();
            if (first == null) {
                throw new ImportException(ImportError.at(file, 1, null, "manifest is empty; the first line must be the header"));
            }
            Manifest.Header header = readHeader(file, first);
            String name = nameOverride.orElse(header.name());

            Map<String, Integer> firstLineOfId = new HashMap<>();
            Map<String, DatasetPlan.Located<String>> images = new LinkedHashMap<>();
            Map<String, DatasetPlan.Located<Manifest.GroundTruth>> truths = new LinkedHashMap<>();
            ItemValidator validator = new ItemValidator(file, limits);
            int problemsBefore = problems.count();
            int count = 0;
            for (String text = lines.next(); text != null; text = lines.next()) {
                int lineNo = lines.lineNumber();
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
                Integer earlierId = firstLineOfId.putIfAbsent(item.id(), lineNo);
                if (earlierId != null) {
                    problems.add(ImportError.at(file, lineNo, "id", "duplicate item id '" + item.id() + "' (first on line "
                            + earlierId + ")"));
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
                images.putIfAbsent(item.image(), new DatasetPlan.Located<>(file, lineNo, item.image()));
                count++;
            }
            boolean valid = problems.count() == problemsBefore;
            if (count == 0 && valid) {
                problems.add(ImportError.of(file, "manifest holds no items"));
            }
            var items = new StreamedItems(source, file, limits.maxManifestBytes(), count, List.copyOf(images.values()),
                    lines.sha256(), valid);
            return new DatasetPlan(name, header.description(), "groundwork-v" + Manifest.SCHEMA_VERSION,
                    header.source() == null ? Map.of() : header.source(), items, truths);
        }
    }

    /**
     * The items of a manifest that was read once without problems, read again from the file each time they are
     * needed. The second read must find the very bytes the first one validated (same SHA-256), or it is refused.
     */
    private record StreamedItems(DatasetSource source, String file, long maxBytes, int count,
            List<DatasetPlan.Located<String>> images, String sha256, boolean valid) implements DatasetPlan.Items {

        @Override
        public void forEach(Consumer<DatasetPlan.Located<Manifest.Item>> action) {
            if (!valid) {
                throw new IllegalStateException(file + " has problems; its items cannot be stored");
            }
            int seen = 0;
            try (Utf8Lines lines = Utf8Lines.open(source, file, maxBytes)) {
                lines.next();
                for (String text = lines.next(); text != null; text = lines.next()) {
                    if (text.isBlank()) {
                        continue;
                    }
                    Manifest.Item item;
                    try {
                        item = Json.MAPPER.readValue(text, Manifest.Item.class);
                    } catch (JsonProcessingException e) {
                        throw changed();
                    }
                    if (++seen > count) {
                        throw changed();
                    }
                    action.accept(new DatasetPlan.Located<>(file, lines.lineNumber(), item));
                }
                if (seen != count || !lines.sha256().equals(sha256)) {
                    throw changed();
                }
            }
        }

        private ImportException changed() {
            return new ImportException(ImportError.of(file, "changed in " + source.describe()
                    + " while it was being imported; nothing was stored, import it again"));
        }
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
