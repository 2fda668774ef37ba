package dev.groundwork.trainer.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one optimiser step reports.
 *
 * @param step the number of steps done after this one (1 for the first)
 * @param metrics the loss's metrics (TRL names, see {@code MetricNames}) plus {@code grad_norm} (before clipping) and
 *     {@code learning_rate}
 */
public record StepResult(long step, Map<String, Double> metrics) {

    public StepResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The metric called {@code name}. */
    public double metric(String name) {
        Double value = metrics.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no metric '" + name + "'; reported: " + metrics.keySet());
        }
        return value;
    }
}
