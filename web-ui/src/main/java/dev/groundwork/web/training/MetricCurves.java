package dev.groundwork.web.training;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The metric curves of one run as far as they have been read: each metric's value per step. New points are added as
 * they are stored ({@link TrainingRuns#samplesAfter}), each read once: {@link #lastId} is where the next read starts.
 * A step reported again (a round redone after a crash) keeps its latest value.
 */
final class MetricCurves {

    private final long runId;
    private final Map<String, NavigableMap<Long, Double>> series = new TreeMap<>();
    private long lastId;
    private int points;

    MetricCurves(long runId) {
        this.runId = runId;
    }

    long runId() {
        return runId;
    }

    /** The id of the last point read, 0 before the first. */
    long lastId() {
        return lastId;
    }

    /** Adds points read after {@link #lastId}; true when there was any. */
    boolean add(List<TrainingRuns.Sample> samples) {
        for (TrainingRuns.Sample s : samples) {
            if (s.id() <= lastId) {
                continue;
            }
            if (series.computeIfAbsent(s.name(), n -> new TreeMap<>()).put(s.step(), s.value()) == null) {
                points++;
            }
            lastId = s.id();
        }
        return !samples.isEmpty();
    }

    /** Metric names, sorted. */
    List<String> names() {
        return List.copyOf(series.keySet());
    }

    /** One metric's values by step (empty for a name it has no point of). */
    NavigableMap<Long, Double> of(String name) {
        return Collections.unmodifiableNavigableMap(series.getOrDefault(name, new TreeMap<>()));
    }

    /** How many (metric, step) values it holds. */
    int points() {
        return points;
    }

    /** The latest step any metric reached. */
    OptionalLong lastStep() {
        return series.values().stream().mapToLong(NavigableMap::lastKey).max();
    }

    /** A metric's value at its latest step. */
    Optional<Double> latest(String name) {
        return Optional.ofNullable(series.get(name)).map(s -> s.lastEntry().getValue());
    }
}
