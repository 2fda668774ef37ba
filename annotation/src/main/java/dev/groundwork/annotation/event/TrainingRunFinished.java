package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run ended.
 *
 * @param status {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
 * @param error for a failed run, what went wrong (one line)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRunFinished(String eventId, String type, int schemaVersion, Instant occurredAt, String runId,
        String status, long steps, String error) implements TrainingEvent {

    public static final String TYPE = "TrainingRunFinished";
    public static final int SCHEMA_VERSION = 1;
    public static final List<String> STATUSES = List.of("SUCCEEDED", "FAILED", "CANCELLED");

    public TrainingRunFinished {
        Objects.requireNonNull(runId, "runId");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES + ", was " + status);
        }
    }
}
