package dev.groundwork.annotation.event;

/**
 * Commands to the services and their answers, on {@link Topics#COMMANDS} (key = the service, e.g. {@code trainer}).
 * A command carries a {@code requestId}; the service that handles it answers with the same id.
 */
public sealed interface ServiceCommandEvent extends GroundworkEvent permits TrainRoundRequested, TrainRoundAnswered,
        EvaluateRequested, EvaluateAnswered, OnPolicyRoundRequested, OnPolicyRoundAnswered {

    /** The asking side's id of the request. */
    String requestId();
}
