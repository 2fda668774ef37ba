package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A training run started in the trainer service.
 *
 * @param objective {@code sft}, {@code reward}, {@code dpo} or {@code mdpo}
 * @param hyperParameters the run's settings as text (size, steps, β, loss type, learning rate, ...)
 * @param data what it trains on, e.g. {@code stream groundwork.judgments.v1 [0:0-120) 96 pairs} or a world seed
 * @param startedBy who asked for it: {@code cli:<user>}, {@code service:follow}, a job id
 * @param round the on-policy or follow round number, when the run is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRunStarted(String eventId, String type, int schemaVersion, Instant occurredAt, String runId,
        String objective, Map<String, String> hyperParameters, long seed, String device, String data, String startedBy,
        Integer round, long totalSteps) implements TrainingEvent {

    public static final String TYPE = "TrainingRunStarted";
    public static final int SCHEMA_VERSION = 1;

    public TrainingRunStarted {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(objective, "objective");
        hyperParameters = hyperParameters == null ? Map.of() : Map.copyOf(hyperParameters);
    }
}
