package dev.groundwork.web.review;

import dev.groundwork.storage.judgment.Annotator;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a judge is shown: human judges are known by their Keycloak subject (a UUID); when the
 * annotator table has a display name for it, "name (subject prefix)", else the id as it is.
 * Looks each id up once per instance (one per view).
 */
final class JudgeNames {

    static final int PREFIX = 8;

    private final AnnotatorRepository annotators;
    private final Map<String, String> labels = new HashMap<>();

    JudgeNames(AnnotatorRepository annotators) {
        this.annotators = annotators;
    }

    String of(String judgeId) {
        return labels.computeIfAbsent(judgeId,
                id -> label(id, annotators.findBySubject(id).map(Annotator::getDisplayName)));
    }

    /** {@code "name (prefix)"} when a display name other than the id itself is known, else the id. */
    static String label(String judgeId, Optional<String> displayName) {
        return displayName.map(String::strip).filter(n -> !n.isEmpty() && !n.equals(judgeId))
                .map(n -> n + " (" + (judgeId.length() > PREFIX ? judgeId.substring(0, PREFIX) + "…" : judgeId) + ")")
                .orElse(judgeId);
    }
}
