package dev.groundwork.annotation.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One optimiser step's metrics, with TRL's names ({@code loss}, {@code rewards/margins}, ...). */
public record TrainingMetrics(String eventId, String type, int schemaVersion, Instant occurredAt, String runId, long step,
        long totalSteps, Map<String, Double> metrics) implements TrainingEvent {

    public static final String TYPE = "TrainingMetrics";
    public static final int SCHEMA_VERSION = 1;

    public TrainingMetrics {
        Objects.requireNonNull(runId, "runId");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
