package dev.groundwork.annotation.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Fleiss' kappa for a fixed number {@code n >= 2} of ratings per subject.
 *
 * <p>With {@code N} subjects, {@code k} categories and {@code n_ij} the number of raters who put
 * subject {@code i} in category {@code j} (so {@code sum_j n_ij = n} for every {@code i}):
 * <pre>
 *   P_i     = (sum_j n_ij^2 - n) / (n (n - 1))      agreement on subject i
 *   P-bar   = (1 / N) sum_i P_i
 *   p_j     = (1 / (N n)) sum_i n_ij                 share of all ratings in category j
 *   P-bar_e = sum_j p_j^2
 *   kappa   = (P-bar - P-bar_e) / (1 - P-bar_e)
 * </pre>
 * (Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. <i>Psychological
 * Bulletin</i> 76(5), 378&ndash;382.) The raters need not be the same people for each subject. For
 * {@code n = 2} the statistic equals Scott's pi, which uses pooled marginals, and so differs in
 * general from Cohen's kappa, which uses each rater's own marginals.
 *
 * <p>If {@code P-bar_e == 1} (every rating of every subject is the same category) kappa is
 * {@code 0/0} and is reported as {@link OptionalDouble#empty()}.
 */
public final class FleissKappa {

    private FleissKappa() {
    }

    /**
     * Computes Fleiss' kappa from a subjects-by-categories count table.
     *
     * @param counts {@code counts[i][j]} = number of raters who assigned subject {@code i} to category
     *               {@code j}; all rows must have the same length and the same total {@code n >= 2}
     * @return kappa, {@code P-bar} as observed agreement, {@code P-bar_e} as expected agreement, and the
     *         number of subjects as items
     * @throws NullPointerException     if {@code counts} or one of its rows is {@code null}
     * @throws IllegalArgumentException if the table is empty, has rows of different lengths, negative
     *                                  counts, a row total below 2, or rows with different totals
     */
    public static KappaResult of(int[][] counts) {
        Objects.requireNonNull(counts, "counts must not be null");
        if (counts.length == 0) {
            throw new IllegalArgumentException("count table is empty: need at least one subject (row)");
        }
        Objects.requireNonNull(counts[0], "counts row 0 must not be null");
        int categories = counts[0].length;
        if (categories == 0) {
            throw new IllegalArgumentException("count table has no categories: row 0 is empty");
        }

        int subjects = counts.length;
        long raters = -1;                      // n, taken from row 0
        long[] columnTotals = new long[categories];
        long sumOfSquares = 0;                 // sum_i sum_j n_ij^2
        for (int i = 0; i < subjects; i++) {
            int[] row = Objects.requireNonNull(counts[i], "counts row " + i + " must not be null");
            if (row.length != categories) {
                throw new IllegalArgumentException("row " + i + " has " + row.length
                        + " categories but row 0 has " + categories + "; all rows must have the same length");
            }
            long rowTotal = 0;
            for (int j = 0; j < categories; j++) {
                int c = row[j];
                if (c < 0) {
                    throw new IllegalArgumentException("row " + i + ", column " + j + " has negative count " + c);
                }
                rowTotal += c;
                columnTotals[j] += c;
                sumOfSquares += (long) c * c;
            }
            if (i == 0) {
                if (rowTotal < 2) {
                    throw new IllegalArgumentException("row 0 has " + rowTotal
                            + " rating(s); Fleiss' kappa needs at least 2 raters per subject");
                }
                raters = rowTotal;
            } else if (rowTotal != raters) {
                throw new IllegalArgumentException("row " + i + " has " + rowTotal + " ratings but row 0 has "
                        + raters + "; every subject must be rated by the same number of raters");
            }
        }

        long totalRatings = subjects * raters;                        // N n
        double observed = (double) (sumOfSquares - totalRatings)        // P-bar = mean of P_i
                / ((double) subjects * raters * (raters - 1));
        long chanceNumerator = 0;                                       // sum_j (column total)^2
        for (long t : columnTotals) {
            chanceNumerator += t * t;
        }
        double totalSquared = (double) totalRatings * totalRatings;
        double expected = chanceNumerator / totalSquared;               // P-bar_e
        // P-bar_e == 1 exactly iff one column holds every rating; test on integers, not on the double.
        boolean singleCategory = false;
        for (long t : columnTotals) {
            if (t == totalRatings) {
                singleCategory = true;
                break;
            }
        }
        OptionalDouble kappa = singleCategory
                ? OptionalDouble.empty()
                : OptionalDouble.of((observed - expected) / (1.0 - expected));
        return new KappaResult(kappa, observed, expected, subjects);
    }

    /**
     * Computes Fleiss' kappa from the labels given to each subject.
     *
     * <p>The categories are the distinct non-null labels seen anywhere; a {@code null} label is
     * ignored. After dropping {@code null}s every subject must have the same number {@code n >= 2}
     * of labels. Which rater gave which label does not matter.
     *
     * @param ratingsPerSubject one inner list per subject, holding that subject's labels
     * @return as {@link #of(int[][])}
     * @throws NullPointerException     if the outer list or an inner list is {@code null}
     * @throws IllegalArgumentException if there are no subjects, a subject has fewer than 2 non-null
     *                                  labels, or subjects have different numbers of non-null labels
     */
    public static KappaResult ofRatings(List<List<String>> ratingsPerSubject) {
        Objects.requireNonNull(ratingsPerSubject, "ratingsPerSubject must not be null");
        if (ratingsPerSubject.isEmpty()) {
            throw new IllegalArgumentException("no subjects: ratingsPerSubject is empty");
        }
        Map<String, Integer> categoryIndex = new TreeMap<>();
        List<List<String>> cleaned = new ArrayList<>(ratingsPerSubject.size());
        int expectedRaters = -1;
        for (int i = 0; i < ratingsPerSubject.size(); i++) {
            List<String> labels = Objects.requireNonNull(ratingsPerSubject.get(i),
                    "ratings of subject " + i + " must not be null");
            List<String> present = new ArrayList<>(labels.size());
            for (String label : labels) {
                if (label != null) {
                    present.add(label);
                    categoryIndex.putIfAbsent(label, 0);
                }
            }
            if (present.size() < 2) {
                throw new IllegalArgumentException("subject " + i + " has " + present.size()
                        + " non-null rating(s); Fleiss' kappa needs at least 2 raters per subject");
            }
            if (i == 0) {
                expectedRaters = present.size();
            } else if (present.size() != expectedRaters) {
                throw new IllegalArgumentException("subject " + i + " has " + present.size()
                        + " non-null ratings but subject 0 has " + expectedRaters
                        + "; every subject must be rated by the same number of raters");
            }
            cleaned.add(present);
        }
        int next = 0;
        for (Map.Entry<String, Integer> e : categoryIndex.entrySet()) {
            e.setValue(next++);
        }
        int[][] counts = new int[cleaned.size()][categoryIndex.size()];
        for (int i = 0; i < cleaned.size(); i++) {
            for (String label : cleaned.get(i)) {
                counts[i][categoryIndex.get(label)]++;
            }
        }
        return of(counts);
    }
}
