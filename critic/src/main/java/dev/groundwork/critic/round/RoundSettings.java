package dev.groundwork.critic.round;

import java.util.Objects;

/**
 * One on-policy run: {@code rounds} rounds of sample → judge → rank → train, on {@code prompts} prompts of
 * {@code dataset} per round.
 *
 * @param k answers sampled per prompt (seeded; temperature 1, the policy's own distribution)
 * @param critic the critic that judges the K(K−1) ordered pairs: {@code claims}, {@code reward-model}, {@code openai}
 * @param criticSettings the critic's settings as JSON (a critic job's), or null
 * @param size the model size of an SFT policy trained first ({@code tiny} or {@code small})
 * @param sftSteps steps of that SFT policy, when no checkpoint is given or found
 * @param dpoSteps DPO steps per round, on the round's best-vs-worst pairs
 * @param overlap annotators per best-vs-worst comparison (people judge the policy's answers beside the critic)
 */
public record RoundSettings(String dataset, int k, int rounds, int prompts, String critic, String criticSettings,
        String size, int sftSteps, int dpoSteps, double beta, double learningRate, long seed, int overlap) {

    public RoundSettings {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(critic, "critic");
        if (k < 2) {
            throw new IllegalArgumentException("--k must be at least 2, was " + k);
        }
        if (rounds < 1 || prompts < 1 || sftSteps < 1 || dpoSteps < 1 || overlap < 0) {
            throw new IllegalArgumentException("--rounds, --prompts, --sft-steps and --dpo-steps must be positive");
        }
        if (!size.equals("tiny") && !size.equals("small")) {
            throw new IllegalArgumentException("--size must be tiny or small, was " + size);
        }
    }
}
