package dev.groundwork.annotation.judgment;

/** The judgment cannot be recorded as given; the message says why, for the user. */
public class JudgmentRejectedException extends RuntimeException {
    public JudgmentRejectedException(String message) {
        super(message);
    }
}
