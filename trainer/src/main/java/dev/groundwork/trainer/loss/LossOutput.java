package dev.groundwork.trainer.loss;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a preference loss returns for one batch.
 *
 * @param loss the scalar (shape {@code ()}) mean loss over the batch; it lives in the manager of the first policy
 *     input and is still attached to the autograd graph, so {@code collector.backward(loss)} trains on it
 * @param metrics the batch means the trainer logs, keyed exactly as TRL logs them ({@code rewards/chosen},
 *     {@code rewards/accuracies}, {@code loss}, ...); see {@link MetricNames}. Iteration order is stable.
 */
public record LossOutput(NDArray loss, Map<String, Double> metrics) {

    public LossOutput {
        Objects.requireNonNull(loss, "loss");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
    }

    /** This output with {@code more} metrics added after the existing ones (a name already present is replaced). */
    public LossOutput withMetrics(Map<String, Double> more) {
        Map<String, Double> all = new LinkedHashMap<>(metrics);
        all.putAll(more);
        return new LossOutput(loss, all);
    }

    /** The metric called {@code name}; an {@link IllegalArgumentException} names the known ones if it is missing. */
    public double metric(String name) {
        Double value = metrics.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no metric '" + name + "'; this loss reports " + metrics.keySet());
        }
        return value;
    }
}
