/**
 * Inter-annotator agreement statistics for nominal (unordered, categorical) labels.
 *
 * <ul>
 *   <li>{@link dev.groundwork.annotation.agreement.CohenKappa} &mdash; two raters, items paired by index.</li>
 *   <li>{@link dev.groundwork.annotation.agreement.FleissKappa} &mdash; a fixed number of raters per subject.</li>
 *   <li>{@link dev.groundwork.annotation.agreement.KrippendorffAlpha} &mdash; any number of observers,
 *       missing values allowed (nominal metric).</li>
 * </ul>
 *
 * <h2>Undefined statistics</h2>
 * All three coefficients have the shape {@code (observed - chance) / (1 - chance)} (or
 * {@code 1 - D_o / D_e}). When the chance term leaves nothing to explain &mdash; every rating falls
 * in a single category, so expected agreement is exactly 1 (or expected disagreement exactly 0)
 * &mdash; the quotient is {@code 0/0}. In that case the coefficient is reported as
 * {@link java.util.OptionalDouble#empty()} rather than {@code NaN}, {@code 1.0} or {@code null};
 * the remaining components of the result (observed/expected agreement, counts) are still filled in.
 * The test for "exactly 1" is made on integer counts, so it is not subject to rounding.
 *
 * <h2>Errors</h2>
 * Malformed input (lists of different lengths, fewer than two raters, unequal raters per subject,
 * nothing that can be paired) is rejected with an {@link java.lang.IllegalArgumentException} whose
 * message says what was wrong and where. A {@code null} argument (as opposed to a {@code null}
 * rating, which means "missing") is rejected with a {@link java.lang.NullPointerException}.
 * No method returns {@code null}.
 */
package dev.groundwork.annotation.agreement;
