package dev.groundwork.critic.judge;

import java.util.Objects;

/** No verdict could be had for a pair; {@link #reason()} is what the dead-letter record says. */
public class CriticException extends RuntimeException {

    /** Why a request ends on the dead-letter topic instead of in a judgment. */
    public enum Reason {
        /** The server did not answer in time, after every retry. */
        TIMEOUT,
        /** The server kept failing (5xx, 429, connection refused) after every retry. */
        UNAVAILABLE,
        /** The server refused the request (4xx other than 408 and 429): retrying cannot help. */
        REJECTED,
        /** The critic answered, but no verdict could be read from its output. */
        MALFORMED_VERDICT,
        /** The job's token cap was reached. */
        BUDGET_EXHAUSTED,
        /** The pair lacks what this critic needs (e.g. ground truth for the claim checker). */
        UNSUPPORTED
    }

    private final Reason reason;

    public CriticException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public CriticException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
