package dev.groundwork.annotation.agreement;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Result of a kappa-type agreement coefficient, {@code kappa = (p_o - p_e) / (1 - p_e)}.
 *
 * @param kappa             the coefficient; {@link OptionalDouble#empty()} when {@code p_e == 1}
 *                          (all ratings in one category), where kappa is {@code 0/0} and undefined
 * @param observedAgreement {@code p_o} (Cohen) or {@code P-bar} (Fleiss), in [0, 1]
 * @param expectedAgreement {@code p_e} (Cohen) or {@code P-bar_e} (Fleiss), in [0, 1]
 * @param items             number of items used: for Cohen the pairs left after pairwise deletion of
 *                          {@code null}s, for Fleiss the number of subjects
 */
public record KappaResult(OptionalDouble kappa, double observedAgreement, double expectedAgreement, int items) {

    /** Validates the components. */
    public KappaResult {
        Objects.requireNonNull(kappa, "kappa must not be null (use OptionalDouble.empty())");
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, got " + items);
        }
    }
}
