package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The trainer service's answer to a {@link TrainRoundRequested}.
 *
 * @param outcome {@code TRAINED} (a round ran: {@code runId}, {@code checkpoint}, {@code pairs}), {@code NO_NEW_PAIRS}
 *     or {@code FAILED} ({@code message} says why)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainRoundAnswered(String eventId, String type, int schemaVersion, Instant occurredAt, String requestId,
        String outcome, String runId, String checkpoint, long pairs, String message) implements ServiceCommandEvent {

    public static final String TYPE = "TrainRoundAnswered";
    public static final int SCHEMA_VERSION = 1;
    public static final List<String> OUTCOMES = List.of("TRAINED", "NO_NEW_PAIRS", "FAILED");

    public TrainRoundAnswered {
        Objects.requireNonNull(requestId, "requestId");
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be one of " + OUTCOMES + ", was " + outcome);
        }
    }
}
