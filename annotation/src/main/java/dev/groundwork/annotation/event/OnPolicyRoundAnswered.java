package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The critic service's answer to an {@link OnPolicyRoundRequested}.
 *
 * @param outcome {@code TRAINED} (the rounds ran: {@code checkpoint} is the last round's, {@code pairs} the
 *     best-vs-worst pairs trained on over all rounds, {@code criticJob} the last round's critic job), or {@code FAILED}
 *     ({@code message} says why)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnPolicyRoundAnswered(String eventId, String type, int schemaVersion, Instant occurredAt, String requestId,
        String outcome, String checkpoint, int rounds, int pairs, String criticJob, String message)
        implements ServiceCommandEvent {

    public static final String TYPE = "OnPolicyRoundAnswered";
    public static final int SCHEMA_VERSION = 1;
    public static final List<String> OUTCOMES = List.of("TRAINED", "FAILED");

    public OnPolicyRoundAnswered {
        Objects.requireNonNull(requestId, "requestId");
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be one of " + OUTCOMES + ", was " + outcome);
        }
    }
}
