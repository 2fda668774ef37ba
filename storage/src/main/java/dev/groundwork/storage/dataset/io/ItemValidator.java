package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportLimits;
import dev.groundwork.storage.dataset.Manifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Field-level checks of a manifest item, with messages naming file, line and field. */
final class ItemValidator {

    /** Fixed by the database columns; prompt and response lengths are configurable ({@link ImportLimits}). */
    static final int MAX_ID = 200;
    static final int MAX_MODEL = 200;
    static final int MAX_CHECKPOINT = 500;
    static final int MAX_PATH = 1000;
    static final int MAX_CATEGORY = 60;
    static final int MAX_REFERENCE = 1000;

    private final String file;
    private final ImportLimits limits;

    ItemValidator(String file, ImportLimits limits) {
        this.file = file;
        this.limits = limits;
    }

    List<ImportError> validate(int line, Manifest.Item item) {
        List<ImportError> errors = new ArrayList<>();
        if (blank(item.id())) {
            errors.add(err(line, "id", "is missing"));
        } else if (item.id().length() > MAX_ID) {
            errors.add(err(line, "id", "is longer than " + MAX_ID + " characters"));
        }
        if (blank(item.image())) {
            errors.add(err(line, "image", "is missing"));
        } else {
            DatasetSource.unsafePathReason(item.image()).ifPresent(r -> errors.add(err(line, "image", r)));
        }
        if (blank(item.prompt())) {
            errors.add(err(line, "prompt", "is missing"));
        } else if (item.prompt().length() > limits.maxPromptChars()) {
            errors.add(err(line, "prompt", tooLong(item.prompt(), limits.maxPromptChars(), "max-prompt-chars")));
        }
        if (item.image() != null && item.image().length() > MAX_PATH) {
            errors.add(err(line, "image", "is longer than " + MAX_PATH + " characters"));
        }
        if (item.category() != null && item.category().length() > MAX_CATEGORY) {
            errors.add(err(line, "category", "is longer than " + MAX_CATEGORY + " characters"));
        }
        if (item.reference() != null && item.reference().length() > MAX_REFERENCE) {
            errors.add(err(line, "reference", "is longer than " + MAX_REFERENCE + " characters"));
        }
        if (item.task() == null) {
            errors.add(err(line, "task", "is missing (CAPTION, OPEN_QUESTION or YES_NO)"));
        }
        Set<String> responseIds = new HashSet<>();
        for (int i = 0; i < item.responses().size(); i++) {
            Manifest.Response r = item.responses().get(i);
            String at = "responses[" + i + "]";
            if (r == null) {
                errors.add(err(line, at, "is null"));
                continue;
            }
            if (blank(r.id())) {
                errors.add(err(line, at + ".id", "is missing"));
            } else if (r.id().length() > MAX_ID) {
                errors.add(err(line, at + ".id", "is longer than " + MAX_ID + " characters"));
            } else if (!responseIds.add(r.id())) {
                errors.add(err(line, at + ".id", "duplicate response id '" + r.id() + "'"));
            }
            if (blank(r.model())) {
                errors.add(err(line, at + ".model", "is missing"));
            } else if (r.model().length() > MAX_MODEL) {
                errors.add(err(line, at + ".model", "is longer than " + MAX_MODEL + " characters"));
            }
            if (r.checkpoint() != null && r.checkpoint().length() > MAX_CHECKPOINT) {
                errors.add(err(line, at + ".checkpoint", "is longer than " + MAX_CHECKPOINT + " characters"));
            }
            if (r.text() == null) {
                errors.add(err(line, at + ".text", "is missing"));
            } else if (r.text().length() > limits.maxResponseChars()) {
                errors.add(err(line, at + ".text", tooLong(r.text(), limits.maxResponseChars(), "max-response-chars")));
            }
        }
        if (item.groundTruth() != null) {
            validateTruth(line, item.groundTruth(), errors);
        }
        return errors;
    }

    private void validateTruth(int line, Manifest.GroundTruth truth, List<ImportError> errors) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < truth.objects().size(); i++) {
            Manifest.SceneObject o = truth.objects().get(i);
            String at = "groundTruth.objects[" + i + "]";
            if (o == null) {
                errors.add(err(line, at, "is null"));
                continue;
            }
            if (!ids.add(o.id())) {
                errors.add(err(line, at + ".id", "duplicate object id " + o.id()));
            }
            if (blank(o.label())) {
                errors.add(err(line, at + ".class", "is missing"));
            }
            if (o.box() != null && (o.box().size() != 4 || o.box().stream().anyMatch(v -> v == null || v.isNaN()))) {
                errors.add(err(line, at + ".box", "must be [x, y, width, height]"));
            }
        }
        for (int i = 0; i < truth.relations().size(); i++) {
            Manifest.Relation r = truth.relations().get(i);
            String at = "groundTruth.relations[" + i + "]";
            if (r == null) {
                errors.add(err(line, at, "is null"));
                continue;
            }
            if (!Manifest.PREDICATES.contains(r.predicate())) {
                errors.add(err(line, at + ".predicate", "'" + r.predicate() + "' is not one of " + Manifest.PREDICATES));
            }
            if (!ids.contains(r.subject()) || !ids.contains(r.object())) {
                errors.add(err(line, at, "refers to an object id that is not in groundTruth.objects"));
            }
        }
    }

    private static String tooLong(String value, int limit, String key) {
        return "is " + value.length() + " characters long, over the limit of " + limit + " (groundwork.storage." + key + ")";
    }

    private ImportError err(int line, String field, String message) {
        return ImportError.at(file, line, field, message);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
