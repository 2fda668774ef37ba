package dev.groundwork.annotation.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Asks the critic service for on-policy rounds (LLaVA-Critic's recipe, docs/critic.md): the current policy samples
 * {@code k} answers to each of {@code prompts} prompts of {@code dataset}, the critic judges every ordered pair, and
 * the best-vs-worst pairs train a DPO round; {@code rounds} times, each round starting from the previous one's
 * checkpoint. A scheduled on-policy round job sends it (key {@code critic}); the service answers with an
 * {@link OnPolicyRoundAnswered}.
 *
 * @param checkpoint the policy to start from (an artifact URI), or null for the current policy the job names, else
 *     the newest SFT checkpoint (one is trained first when there is none)
 * @param critic {@code claims}, {@code reward-model} or {@code openai}
 * @param steps DPO steps per round
 */
public record OnPolicyRoundRequested(String eventId, String type, int schemaVersion, Instant occurredAt, String requestId,
        String dataset, String checkpoint, String critic, int k, int rounds, int prompts, int steps, long seed,
        String requestedBy) implements ServiceCommandEvent {

    public static final String TYPE = "OnPolicyRoundRequested";
    public static final int SCHEMA_VERSION = 1;

    public OnPolicyRoundRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(critic, "critic");
    }
}
