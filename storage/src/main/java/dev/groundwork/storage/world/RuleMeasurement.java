package dev.groundwork.storage.world;

import java.util.Objects;

/**
 * The measured strength of one co-occurrence rule in a generated world.
 *
 * @param scenesWithGiven scenes containing the rule's given
 * @param scenesWithBoth scenes containing its given and its partner
 */
public record RuleMeasurement(CoOccurrence rule, int scenesWithGiven, int scenesWithBoth) {

    public RuleMeasurement {
        Objects.requireNonNull(rule, "rule");
        if (scenesWithBoth < 0 || scenesWithBoth > scenesWithGiven) {
            throw new IllegalArgumentException(
                    "scenesWithBoth must be between 0 and scenesWithGiven, got " + scenesWithBoth + " of " + scenesWithGiven);
        }
    }

    /** Measured {@code P(partner | given)}; {@code NaN} when no scene contains the given. */
    public double rate() {
        return scenesWithGiven == 0 ? Double.NaN : (double) scenesWithBoth / scenesWithGiven;
    }
}
