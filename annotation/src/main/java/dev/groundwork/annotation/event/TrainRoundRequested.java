package dev.groundwork.annotation.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Asks the running trainer service to train a round now on the pairs that are new since its last round (at least
 * {@code minPairs}), with its own settings. {@code gw train OBJECTIVE --from stream} sends it when a service owns
 * the pair buffer.
 *
 * @param objective the objective the asker wants; a service that trains another one answers FAILED
 */
public record TrainRoundRequested(String eventId, String type, int schemaVersion, Instant occurredAt, String requestId,
        String objective, int minPairs, String requestedBy) implements ServiceCommandEvent {

    public static final String TYPE = "TrainRoundRequested";
    public static final int SCHEMA_VERSION = 1;

    public TrainRoundRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(objective, "objective");
    }
}
