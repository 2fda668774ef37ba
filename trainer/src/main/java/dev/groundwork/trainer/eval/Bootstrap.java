package dev.groundwork.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Seeded percentile bootstrap (Efron &amp; Tibshirani 1993): resample the items with replacement, recompute the
 * statistic, and take the {@code (1−level)/2} and {@code (1+level)/2} quantiles of the resampled values. For a
 * before/after comparison the statistic is the difference of two checkpoints' metrics on the <em>same</em> resampled
 * items (a paired bootstrap). The same seed gives the same interval.
 */
public final class Bootstrap {

    /** An estimate on all items and its interval. */
    public record Interval(double estimate, double lower, double upper, double level) {}

    private Bootstrap() {}

    /**
     * @param items how many items the statistic is computed over
     * @param statistic the statistic of a sample, given the sampled item indices (an index may repeat)
     */
    public static Interval interval(int items, ToDoubleFunction<int[]> statistic, int resamples, long seed, double level) {
        if (items < 1 || resamples < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("need items >= 1, resamples >= 1 and 0 < level < 1; got " + items + ", "
                    + resamples + ", " + level);
        }
        int[] all = new int[items];
        Arrays.setAll(all, i -> i);
        double estimate = statistic.applyAsDouble(all);
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int[] sample = new int[items];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < items; i++) {
                sample[i] = random.nextInt(items);
            }
            values[r] = statistic.applyAsDouble(sample);
        }
        Arrays.sort(values);
        return new Interval(estimate, quantile(values, (1 - level) / 2), quantile(values, (1 + level) / 2), level);
    }

    /**
     * Several statistics over the same resamples (the draws {@link #interval} makes with the same seed): for a
     * before/after report every checkpoint's metrics and their differences come from the same resampled items. A
     * statistic that is undefined on a resample ({@code NaN}, e.g. a rate with no item of its kind drawn) is left out
     * of that statistic's quantiles; one undefined on every resample has a {@code NaN} interval.
     *
     * @param statistics the statistics of a sample, given the sampled item indices; always the same length
     */
    public static List<Interval> intervals(int items, Function<int[], double[]> statistics, int resamples, long seed,
            double level) {
        if (items < 1 || resamples < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("need items >= 1, resamples >= 1 and 0 < level < 1; got " + items + ", "
                    + resamples + ", " + level);
        }
        int[] all = new int[items];
        Arrays.setAll(all, i -> i);
        double[] estimates = statistics.apply(all);
        double[][] values = new double[estimates.length][resamples];
        SplittableRandom random = new SplittableRandom(seed);
        int[] sample = new int[items];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < items; i++) {
                sample[i] = random.nextInt(items);
            }
            double[] v = statistics.apply(sample);
            for (int k = 0; k < estimates.length; k++) {
                values[k][r] = v[k];
            }
        }
        List<Interval> out = new ArrayList<>(estimates.length);
        for (int k = 0; k < estimates.length; k++) {
            double[] finite = Arrays.stream(values[k]).filter(Double::isFinite).sorted().toArray();
            out.add(finite.length == 0 ? new Interval(estimates[k], Double.NaN, Double.NaN, level)
                    : new Interval(estimates[k], quantile(finite, (1 - level) / 2), quantile(finite, (1 + level) / 2), level));
        }
        return out;
    }

    /** The mean of per-item values, with its interval. */
    public static Interval mean(double[] values, int resamples, long seed, double level) {
        return interval(values.length, sample -> mean(values, sample), resamples, seed, level);
    }

    /** The paired difference of means {@code after − before} over the same items, with its interval. */
    public static Interval pairedDifference(double[] before, double[] after, int resamples, long seed, double level) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("paired samples need the same items: " + before.length + " vs " + after.length);
        }
        return interval(before.length, sample -> mean(after, sample) - mean(before, sample), resamples, seed, level);
    }

    private static double mean(double[] values, int[] sample) {
        double sum = 0;
        for (int i : sample) {
            sum += values[i];
        }
        return sum / sample.length;
    }

    /** Linear interpolation between order statistics (numpy's default "linear" method). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
