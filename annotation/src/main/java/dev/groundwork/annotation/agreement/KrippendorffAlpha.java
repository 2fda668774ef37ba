package dev.groundwork.annotation.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Krippendorff's alpha for nominal data, any number of observers, missing values allowed.
 *
 * <p>Computed with the coincidence-matrix method of Krippendorff, K. (2011), <i>Computing
 * Krippendorff's Alpha-Reliability</i>, Annenberg School for Communication, University of
 * Pennsylvania (Departmental Papers (ASC) 43). Let {@code m_u} be the number of values assigned to
 * unit {@code u}; only units with {@code m_u >= 2} are pairable, the rest are ignored. Then
 * <pre>
 *   o_ck  = sum_u (number of ordered c-k pairs of values in u, from different observers) / (m_u - 1)
 *   n_c   = sum_k o_ck                 (= number of pairable values equal to c)
 *   n     = sum_c n_c                  (= number of pairable values)
 *   D_o   = (1 / n) sum_c sum_k o_ck delta(c,k)
 *   D_e   = (1 / (n (n - 1))) sum_c sum_k n_c n_k delta(c,k)
 *   alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k
 * </pre>
 * with the nominal metric {@code delta(c,k) = 0} if {@code c = k}, else {@code 1}.
 *
 * <p>If {@code D_e == 0} (every pairable value is the same category) alpha is {@code 0/0} and is
 * reported as {@link OptionalDouble#empty()}.
 */
public final class KrippendorffAlpha {

    private KrippendorffAlpha() {
    }

    /**
     * Computes nominal Krippendorff's alpha.
     *
     * @param unitsByRater outer list = observers (raters), inner list = that observer's value for each
     *                     unit, by index; {@code null} means the observer gave no value for the unit.
     *                     All inner lists must have the same length.
     * @return alpha and the number of pairable units and values
     * @throws NullPointerException     if the outer list or an inner list is {@code null}
     * @throws IllegalArgumentException if there are fewer than 2 observers, no units, inner lists of
     *                                  different lengths, or no unit with at least two values
     */
    public static AlphaResult nominal(List<List<String>> unitsByRater) {
        Objects.requireNonNull(unitsByRater, "unitsByRater must not be null");
        if (unitsByRater.size() < 2) {
            throw new IllegalArgumentException("need at least 2 raters (observers), got " + unitsByRater.size());
        }
        List<String> first = Objects.requireNonNull(unitsByRater.get(0), "ratings of rater 0 must not be null");
        int units = first.size();
        if (units == 0) {
            throw new IllegalArgumentException("no units: rater 0 has an empty list");
        }
        Map<String, Integer> categoryIndex = new TreeMap<>();
        for (int r = 0; r < unitsByRater.size(); r++) {
            List<String> ratings = Objects.requireNonNull(unitsByRater.get(r),
                    "ratings of rater " + r + " must not be null");
            if (ratings.size() != units) {
                throw new IllegalArgumentException("rating lists must have the same length (one entry per unit, null"
                        + " for missing), but rater 0 has " + units + " and rater " + r + " has " + ratings.size());
            }
            for (String v : ratings) {
                if (v != null) {
                    categoryIndex.putIfAbsent(v, 0);
                }
            }
        }
        int next = 0;
        for (Map.Entry<String, Integer> e : categoryIndex.entrySet()) {
            e.setValue(next++);
        }
        int k = categoryIndex.size();
        List<int[]> unitCounts = new ArrayList<>(units);
        for (int u = 0; u < units; u++) {
            int[] inUnit = new int[k];
            for (List<String> ratings : unitsByRater) {
                String v = ratings.get(u);
                if (v != null) {
                    inUnit[categoryIndex.get(v)]++;
                }
            }
            unitCounts.add(inUnit);
        }
        return nominalFromCounts(unitCounts);
    }

    /**
     * Nominal alpha from each unit's count of values per category ({@code unitCounts.get(u)[c]}: how many observers
     * gave unit {@code u} category {@code c}); who gave them does not matter. The same array may stand for several
     * units. Same result as {@link #nominal} on ratings with those counts.
     *
     * @throws IllegalArgumentException if there are no units, rows of different lengths, or no unit with at least two
     *                                  values
     */
    public static AlphaResult nominalFromCounts(List<int[]> unitCounts) {
        Objects.requireNonNull(unitCounts, "unitCounts must not be null");
        if (unitCounts.isEmpty()) {
            throw new IllegalArgumentException("no units");
        }
        int k = unitCounts.get(0).length;
        int units = unitCounts.size();
        double[][] coincidences = new double[k][k];
        long[] valuesPerCategory = new long[k];   // n_c, counted exactly
        int pairableUnits = 0;
        long pairableValues = 0;                  // n
        for (int u = 0; u < units; u++) {
            int[] inUnit = unitCounts.get(u);
            if (inUnit.length != k) {
                throw new IllegalArgumentException("unit " + u + " has " + inUnit.length + " categories, unit 0 has " + k);
            }
            int m = 0;
            for (int c : inUnit) {
                m += c;
            }
            if (m < 2) {
                continue;                         // not pairable
            }
            pairableUnits++;
            pairableValues += m;
            double weight = 1.0 / (m - 1);
            for (int c = 0; c < k; c++) {
                if (inUnit[c] == 0) {
                    continue;
                }
                valuesPerCategory[c] += inUnit[c];
                for (int d = 0; d < k; d++) {
                    // ordered pairs of values from different observers: n_uc * n_ud, or n_uc (n_uc - 1) on the diagonal
                    long pairs = (long) inUnit[c] * (c == d ? inUnit[c] - 1 : inUnit[d]);
                    coincidences[c][d] += pairs * weight;
                }
            }
        }
        if (pairableUnits == 0) {
            throw new IllegalArgumentException("no pairable values: none of the " + units
                    + " units has values from at least 2 raters");
        }

        double observedDisagreement = 0;          // sum_{c != k} o_ck = n * D_o
        long expectedDisagreement = 0;            // sum_{c != k} n_c n_k = n (n - 1) * D_e, exact
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                double delta = nominalDelta(c, d);
                observedDisagreement += coincidences[c][d] * delta;
                expectedDisagreement += valuesPerCategory[c] * valuesPerCategory[d] * (long) delta;
            }
        }
        OptionalDouble alpha = expectedDisagreement == 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(1.0 - (pairableValues - 1) * observedDisagreement / expectedDisagreement);
        return new AlphaResult(alpha, pairableUnits, Math.toIntExact(pairableValues));
    }

    /** Squared nominal difference: 0 for identical values, 1 otherwise. */
    private static double nominalDelta(int c, int k) {
        return c == k ? 0.0 : 1.0;
    }
}
