package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A training run's state on {@code groundwork.training-events.v1} (key = run id): {@code state} is
 * RUNNING with the step's metrics (TRL names), CHECKPOINT with the saved path, or SUCCEEDED/FAILED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingProgress(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        long runId,
        String objective,
        String state,
        long step,
        long totalSteps,
        Map<String, Double> metrics,
        String checkpoint,
        String device) implements GroundworkEvent {

    public static final String TYPE = "TrainingProgress";
    public static final int SCHEMA_VERSION = 1;

    public TrainingProgress {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
