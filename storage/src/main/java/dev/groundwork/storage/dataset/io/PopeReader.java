package dev.groundwork.storage.dataset.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import dev.groundwork.storage.dataset.ImportLimits;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads POPE-style question files: JSON lines with {@code question_id}, {@code image},
 * {@code text} and {@code label} ("yes"/"no"). Each file becomes a category named after it; the
 * image is looked up beside the file, then under {@code images/}.
 */
public final class PopeReader {

    private final ImportLimits limits;

    public PopeReader(ImportLimits limits) {
        this.limits = limits;
    }

    /** True when the first non-blank line of the file looks like a POPE question. */
    public static boolean looksLikePope(DatasetSource source, String file, long maxBytes) {
        if (!file.endsWith(".jsonl") || file.contains("/")) {
            return false;
        }
        try {
            byte[] bytes = source.read(file, maxBytes);
            for (String line : Utf8Text.lines(file, bytes)) {
                if (!line.isBlank()) {
                    JsonNode n = Json.LENIENT.readTree(line);
                    return n.has("question_id") && n.has("label");
                }
            }
        } catch (JsonProcessingException | ImportException e) {
            return false;
        }
        return false;
    }

    public List<DatasetPlan.Located<Manifest.Item>> read(DatasetSource source, List<String> files, Problems problems) {
        List<DatasetPlan.Located<Manifest.Item>> items = new ArrayList<>();
        for (String file : files) {
            String category = file.substring(0, file.length() - ".jsonl".length());
            Map<String, Integer> seen = new HashMap<>();
            List<String> lines = Utf8Text.lines(file, source.read(file, limits.maxManifestBytes()));
            for (int i = 0; i < lines.size(); i++) {
                int lineNo = i + 1;
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = Json.LENIENT.readTree(lines.get(i));
                } catch (JsonProcessingException e) {
                    problems.add(ImportError.at(file, lineNo, null, Json.syntax(e)));
                    continue;
                }
                Optional<Manifest.Item> item = toItem(source, file, lineNo, category, n, problems);
                if (item.isEmpty()) {
                    continue;
                }
                if (item.get().prompt().length() > limits.maxPromptChars()) {
                    problems.add(ImportError.at(file, lineNo, "text", "is " + item.get().prompt().length()
                            + " characters long, over the limit of " + limits.maxPromptChars()
                            + " (groundwork.storage.max-prompt-chars)"));
                    continue;
                }
                Integer first = seen.putIfAbsent(item.get().id(), lineNo);
                if (first != null) {
                    problems.add(ImportError.at(file, lineNo, "question_id",
                            "duplicate question_id " + n.get("question_id").asText() + " (first on line " + first + ")"));
                    continue;
                }
                items.add(new DatasetPlan.Located<>(file, lineNo, item.get()));
            }
        }
        return items;
    }

    private static Optional<Manifest.Item> toItem(DatasetSource source, String file, int line, String category,
            JsonNode n, Problems problems) {
        int before = problemsSeen(problems);
        String qid = text(n, "question_id");
        String image = text(n, "image");
        String question = text(n, "text");
        String label = text(n, "label");
        if (qid == null) {
            problems.add(ImportError.at(file, line, "question_id", "is missing"));
        }
        if (question == null || question.isBlank()) {
            problems.add(ImportError.at(file, line, "text", "is missing"));
        }
        String answer = label == null ? null : label.trim().toLowerCase(Locale.ROOT);
        if (!"yes".equals(answer) && !"no".equals(answer)) {
            problems.add(ImportError.at(file, line, "label", "must be \"yes\" or \"no\", was " + (label == null ? "missing" : "'" + label + "'")));
        }
        String path = null;
        if (image == null || image.isBlank()) {
            problems.add(ImportError.at(file, line, "image", "is missing"));
        } else {
            Optional<String> unsafe = DatasetSource.unsafePathReason(image);
            if (unsafe.isPresent()) {
                problems.add(ImportError.at(file, line, "image", unsafe.get()));
            } else {
                path = resolveImage(source, image).orElse(null);
                if (path == null) {
                    problems.add(ImportError.at(file, line, "image", "image '" + image + "' not found (looked beside the file and under images/)"));
                }
            }
        }
        if (problemsSeen(problems) != before) {
            return Optional.empty();
        }
        return Optional.of(new Manifest.Item(category + ":" + qid, path, question, TaskType.YES_NO, category, answer, List.of(), null));
    }

    private static Optional<String> resolveImage(DatasetSource source, String image) {
        for (String candidate : List.of(image, "images/" + image)) {
            if (source.size(candidate).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int problemsSeen(Problems problems) {
        return problems.count();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
