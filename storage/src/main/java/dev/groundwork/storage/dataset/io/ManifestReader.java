package dev.groundwork.storage.dataset.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import dev.groundwork.storage.dataset.ImportLimits;
import dev.groundwork.storage.dataset.Manifest;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
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

    public DatasetPlan read(DatasetSource source, Optional<String> nameOverride) {
        String file = Manifest.FILE_NAME;
        long size = source.size(file).orElseThrow(() ->
                new ImportException(ImportError.of(file, "missing from " + source.describe())));
        if (size > limits.maxManifestBytes()) {
            throw new ImportException(ImportError.of(file,
                    "manifest is " + size + " bytes, over the limit of " + limits.maxManifestBytes()));
        }
        List<String> lines = utf8Lines(file, source.read(file, limits.maxManifestBytes()));
        Problems problems = new Problems(limits.maxErrors());
        if (lines.isEmpty()) {
            throw new ImportException(ImportError.at(file, 1, null, "manifest is empty; the first line must be the header"));
        }
        Manifest.Header header = readHeader(file, lines.get(0));
        String name = nameOverride.orElse(header.name());
        if (name == null || name.isBlank()) {
            problems.add(ImportError.at(file, 1, "name", "dataset name is missing (give it in the header or with --dataset)"));
        }

        List<DatasetPlan.Located<Manifest.Item>> items = new ArrayList<>();
        Map<String, Integer> firstLineOfId = new HashMap<>();
        Map<String, DatasetPlan.Located<Manifest.GroundTruth>> truths = new LinkedHashMap<>();
        ItemValidator validator = new ItemValidator(file);
        for (int i = 1; i < lines.size(); i++) {
            int lineNo = i + 1;
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            Manifest.Item item;
            try {
                item = Json.MAPPER.readValue(text, Manifest.Item.class);
            } catch (JsonProcessingException e) {
                problems.add(ImportError.at(file, lineNo, Json.field(e), Json.message(e)));
                continue;
            }
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
        if (items.isEmpty() && problems.isEmpty()) {
            problems.add(ImportError.of(file, "manifest holds no items"));
        }
        problems.throwIfAny();
        return new DatasetPlan(name, header.description(), "groundwork-v" + Manifest.SCHEMA_VERSION,
                header.source() == null ? Map.of() : header.source(), items, truths);
    }

    private static Manifest.Header readHeader(String file, String line) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ImportException(ImportError.at(file, 1, null, "header: " + Json.message(e)));
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
            throw new ImportException(ImportError.at(file, 1, Json.field(e), "header: " + Json.message(e)));
        }
    }

    static List<String> utf8Lines(String file, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return text.lines().toList();
        } catch (CharacterCodingException e) {
            throw new ImportException(ImportError.of(file, "not valid UTF-8 text"));
        }
    }
}
