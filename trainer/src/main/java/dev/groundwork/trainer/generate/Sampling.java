package dev.groundwork.trainer.generate;

/**
 * How the next token is chosen: greedily (temperature 0) or by sampling from the temperature-scaled distribution
 * restricted to its nucleus, the smallest set of most likely tokens whose probabilities sum to at least {@code topP}.
 *
 * @param temperature 0 for greedy decoding, else the softmax temperature (finite, &gt; 0)
 * @param topP nucleus mass in (0, 1]; 1 keeps every token
 */
public record Sampling(double temperature, double topP) {

    private static final Sampling GREEDY = new Sampling(0, 1);
    private static final Sampling POLICY = new Sampling(1, 1);

    /** @throws IllegalArgumentException if the temperature is negative or not finite, or topP is outside (0, 1] */
    public Sampling {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, was " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
    }

    /** Always the most likely token. */
    public static Sampling greedy() {
        return GREEDY;
    }

    /** Temperature 1, no nucleus cut: samples from the policy's own distribution (on-policy rounds). */
    public static Sampling policy() {
        return POLICY;
    }

    /** Sampling at {@code temperature} from the {@code topP} nucleus. */
    public static Sampling of(double temperature, double topP) {
        return new Sampling(temperature, topP);
    }

    /** Whether this is greedy decoding (temperature 0). */
    public boolean isGreedy() {
        return temperature == 0;
    }
}
