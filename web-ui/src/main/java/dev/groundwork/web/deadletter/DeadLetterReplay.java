package dev.groundwork.web.deadletter;

import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What replaying a dead letter would write, worked out from its source header, key and payload alone: the topic the
 * record came from, and the event it carries; or why it cannot be replayed. The sources:
 *
 * <ul>
 *   <li>{@code <topic>-<partition>@<offset>}: a consumer of a Groundwork topic (the trainer's judgment stream) could
 *       not use that record; it goes back to that topic.
 *   <li>{@value #CRITIC_WORKER}{@code <comparison>}: the critic service could not judge a request; it goes back to
 *       {@value Topics#CRITIC_REQUESTS}.
 *   <li>{@value #PAIR_BUFFER}{@code <comparison>}: the trainer refused a preference pair (its image is missing or does
 *       not match its SHA-256). The value is the trainer's description of the pair, not a record of any topic, so there
 *       is nothing to replay.
 * </ul>
 *
 * A payload that does not decode as a Groundwork event, or that lacks a key, cannot be replayed either: the topic's
 * consumer would only dead-letter it again.
 */
final class DeadLetterReplay {

    /** Source prefix of the critic worker's dead letters ({@code CriticWorker.SOURCE_PREFIX} in the critic module). */
    static final String CRITIC_WORKER = "critic.worker/comparison/";
    /** Source prefix of the trainer's refused pairs ({@code PairDeadLetters.SOURCE_PREFIX} in the trainer module). */
    static final String PAIR_BUFFER = "trainer.pair-buffer/comparison/";

    private static final Pattern TOPIC_POSITION = Pattern.compile("(.+)-(\\d+)@(\\d+)");

    /** A replay or the reason there is none. */
    sealed interface Plan permits Replay, Refusal {}

    /**
     * The record to write again.
     *
     * @param payload the original value, unchanged
     */
    record Replay(String topic, String key, GroundworkEvent event, String payload) implements Plan {}

    /** Why the letter cannot be replayed (it can still be discarded). */
    record Refusal(String reason) implements Plan {}

    private DeadLetterReplay() {}

    /** The plan for a dead letter with these headers, key and value. */
    static Plan plan(Optional<String> source, Optional<String> key, byte[] payload) {
        if (source.isEmpty()) {
            return new Refusal("it has no " + Topics.HEADER_SOURCE + " header: there is no telling which topic it came from");
        }
        if (source.get().startsWith(PAIR_BUFFER)) {
            return new Refusal("it is the trainer's note on a preference pair it could not train (the image is missing or"
                    + " does not match its SHA-256), not a record of any topic; fix the image, then discard this");
        }
        Optional<String> topic = sourceTopic(source.get());
        if (topic.isEmpty()) {
            return new Refusal("its source '" + source.get() + "' names no Groundwork topic to replay it to");
        }
        if (key.isEmpty() || key.get().isBlank()) {
            return new Refusal("it has no key, and " + topic.get() + " is keyed by comparison");
        }
        GroundworkEvent event;
        try {
            event = EventCodec.decode(payload);
        } catch (EventCodec.InvalidEventException e) {
            return new Refusal("its payload is not a valid Groundwork event (" + e.getMessage()
                    + "); replayed, it would be dead-lettered again");
        }
        if (topic.get().equals(Topics.CRITIC_REQUESTS) && !(event instanceof CriticRequested)) {
            return new Refusal("it is a " + event.type() + ", not a critic request");
        }
        return new Replay(topic.get(), key.get(), event, new String(payload, StandardCharsets.UTF_8));
    }

    /** The topic a dead letter with this source header came from, when it names one that can take a replay. */
    static Optional<String> sourceTopic(String source) {
        if (source.startsWith(CRITIC_WORKER)) {
            return Optional.of(Topics.CRITIC_REQUESTS);
        }
        Matcher m = TOPIC_POSITION.matcher(source);
        if (m.matches() && Topics.ALL.contains(m.group(1)) && !m.group(1).equals(Topics.DEAD_LETTER)) {
            return Optional.of(m.group(1));
        }
        return Optional.empty();
    }
}
