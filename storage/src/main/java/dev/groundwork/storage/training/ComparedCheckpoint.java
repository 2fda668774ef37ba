package dev.groundwork.storage.training;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One checkpoint an evaluation compared, as its report names it.
 *
 * @param label its name in the report, e.g. {@code sft}
 * @param uri where the checkpoint lives in the artifact store
 * @param objective the objective that trained it ({@code sft}, {@code dpo}, {@code mdpo}, ...); empty when unknown
 * @param headline the headline figures with metrics.json's names ({@code chair_i}, {@code pope_f1_score_adversarial},
 *     ...), sorted by name
 */
public record ComparedCheckpoint(String label, String uri, String objective, Map<String, Double> headline) {

    public ComparedCheckpoint {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(uri, "uri");
        objective = objective == null ? "" : objective;
        headline = headline == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(headline));
    }

    /** A headline figure by its metrics.json name. */
    public Optional<Double> figure(String name) {
        return Optional.ofNullable(headline.get(name));
    }
}
