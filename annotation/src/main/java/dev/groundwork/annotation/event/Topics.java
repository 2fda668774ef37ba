package dev.groundwork.annotation.event;

import java.util.List;

/** Every Kafka topic Groundwork uses, in one place. */
public final class Topics {

    /** Pairwise judgments from people and the critic; key = comparison id. */
    public static final String JUDGMENTS = "groundwork.judgments.v1";
    /** Requests for the AI critic to judge a comparison. */
    public static final String CRITIC_REQUESTS = "groundwork.critic-requests.v1";
    /** Training metrics, checkpoints and run state. */
    public static final String TRAINING_EVENTS = "groundwork.training-events.v1";
    /** Commands to the services (key = the service) and their answers; see {@link ServiceCommandEvent}. */
    public static final String COMMANDS = "groundwork.commands.v1";
    /** Records that failed validation, with the reason in headers. */
    public static final String DEAD_LETTER = "groundwork.dead-letter.v1";

    public static final List<String> ALL = List.of(JUDGMENTS, CRITIC_REQUESTS, TRAINING_EVENTS, COMMANDS, DEAD_LETTER);

    /** Header names on dead-letter records. */
    public static final String HEADER_REASON = "groundwork.dlt.reason";
    public static final String HEADER_SOURCE = "groundwork.dlt.source";

    private Topics() {}
}
