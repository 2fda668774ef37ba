package dev.groundwork.trainer.eval;

import java.util.Arrays;
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
