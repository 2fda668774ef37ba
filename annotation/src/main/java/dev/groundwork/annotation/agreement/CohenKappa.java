package dev.groundwork.annotation.agreement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Cohen's kappa for two raters assigning nominal labels to the same items.
 *
 * <p>With {@code N} paired items, {@code n_k1} / {@code n_k2} the number of items rater 1 / rater 2
 * put in category {@code k}:
 * <pre>
 *   p_o   = (number of items with identical labels) / N
 *   p_e   = sum_k (n_k1 / N) * (n_k2 / N)
 *   kappa = (p_o - p_e) / (1 - p_e)
 * </pre>
 * (Cohen, J. (1960). A coefficient of agreement for nominal scales. <i>Educational and Psychological
 * Measurement</i> 20(1), 37&ndash;46.)
 *
 * <p>Items are paired by list index. An item where either label is {@code null} is skipped
 * (pairwise deletion); {@link KappaResult#items()} reports how many pairs were used. Labels are
 * compared with {@link String#equals}, so case and whitespace matter.
 *
 * <p>If {@code p_e == 1} (both raters used one and the same category for every item) kappa is
 * {@code 0/0} and is reported as {@link OptionalDouble#empty()}.
 */
public final class CohenKappa {

    private CohenKappa() {
    }

    /**
     * Computes Cohen's kappa.
     *
     * @param rater1 labels of the first rater, one per item; {@code null} entries mean "missing"
     * @param rater2 labels of the second rater, same length as {@code rater1}
     * @return kappa, observed and expected agreement, and the number of pairs used
     * @throws NullPointerException     if either list is {@code null}
     * @throws IllegalArgumentException if the lists are empty, differ in length, or no index has a
     *                                  label from both raters
     */
    public static KappaResult of(List<String> rater1, List<String> rater2) {
        Objects.requireNonNull(rater1, "rater1 must not be null");
        Objects.requireNonNull(rater2, "rater2 must not be null");
        if (rater1.size() != rater2.size()) {
            throw new IllegalArgumentException("rating lists must have the same length (items are paired by index), "
                    + "but rater1 has " + rater1.size() + " and rater2 has " + rater2.size());
        }
        if (rater1.isEmpty()) {
            throw new IllegalArgumentException("rating lists are empty: need at least one item rated by both raters");
        }

        Map<List<String>, Long> table = new HashMap<>();
        for (int i = 0; i < rater1.size(); i++) {
            String a = rater1.get(i);
            String b = rater2.get(i);
            if (a != null && b != null) {
                table.merge(List.of(a, b), 1L, Long::sum);
            }
        }
        if (table.isEmpty()) {
            throw new IllegalArgumentException("no pairable values: every one of the " + rater1.size()
                    + " items is missing (null) for at least one rater");
        }
        return ofTable(table);
    }

    /**
     * Cohen's kappa from a contingency table: {@code table.get(List.of(a, b))} = on how many items rater 1 said
     * {@code a} and rater 2 said {@code b}. Same result as {@link #of} on lists with those pairs.
     *
     * @throws IllegalArgumentException if the table holds no pair
     */
    public static KappaResult ofTable(Map<List<String>, Long> table) {
        Map<String, long[]> marginals = new HashMap<>(); // label -> {count rater1, count rater2}
        long pairs = 0;
        long agreements = 0;
        for (Map.Entry<List<String>, Long> e : table.entrySet()) {
            String a = e.getKey().get(0);
            String b = e.getKey().get(1);
            long n = e.getValue();
            pairs += n;
            if (a.equals(b)) {
                agreements += n;
            }
            marginals.computeIfAbsent(a, k -> new long[2])[0] += n;
            marginals.computeIfAbsent(b, k -> new long[2])[1] += n;
        }
        if (pairs == 0) {
            throw new IllegalArgumentException("no pairable values: the table holds no pair");
        }

        long chanceNumerator = 0; // sum_k n_k1 * n_k2, exact
        for (long[] m : marginals.values()) {
            chanceNumerator += m[0] * m[1];
        }
        long pairsSquared = pairs * pairs;
        double observed = (double) agreements / pairs;
        double expected = (double) chanceNumerator / pairsSquared;
        // kappa = (p_o - p_e) / (1 - p_e); multiplying through by N^2 keeps both terms in exact integers.
        OptionalDouble kappa = chanceNumerator == pairsSquared
                ? OptionalDouble.empty()
                : OptionalDouble.of((double) (agreements * pairs - chanceNumerator)
                        / (double) (pairsSquared - chanceNumerator));
        return new KappaResult(kappa, observed, expected, Math.toIntExact(pairs));
    }
}
