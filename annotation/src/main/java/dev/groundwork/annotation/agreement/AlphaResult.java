package dev.groundwork.annotation.agreement;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Result of Krippendorff's alpha, {@code alpha = 1 - D_o / D_e}.
 *
 * @param alpha          the coefficient; {@link OptionalDouble#empty()} when {@code D_e == 0}
 *                       (every pairable value is in one category), where alpha is {@code 0/0}
 * @param pairableUnits  number of units with at least two values (units with fewer are ignored)
 * @param pairableValues {@code n}, the total number of values in pairable units
 */
public record AlphaResult(OptionalDouble alpha, int pairableUnits, int pairableValues) {

    /** Validates the components. */
    public AlphaResult {
        Objects.requireNonNull(alpha, "alpha must not be null (use OptionalDouble.empty())");
        if (pairableUnits < 0 || pairableValues < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got pairableUnits=" + pairableUnits
                    + ", pairableValues=" + pairableValues);
        }
    }
}
