package dev.groundwork.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    static double[] coinFlips(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextBoolean() ? 1 : 0;
        }
        return v;
    }

    @Test
    void the_same_seed_gives_the_same_interval_and_another_seed_another() {
        double[] v = coinFlips(200, 1);
        Bootstrap.Interval a = Bootstrap.mean(v, 1000, 42, 0.95);
        Bootstrap.Interval b = Bootstrap.mean(v, 1000, 42, 0.95);
        Bootstrap.Interval c = Bootstrap.mean(v, 1000, 43, 0.95);
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
        assertThat(a.lower()).isLessThan(a.estimate());
        assertThat(a.upper()).isGreaterThan(a.estimate());
        // A proportion of 200: the 95 % interval is about ±1.96·sqrt(p(1−p)/n) ≈ ±0.069.
        assertThat(a.upper() - a.lower()).isCloseTo(2 * 1.96 * Math.sqrt(a.estimate() * (1 - a.estimate()) / 200), within(0.03));
    }

    @Test
    void a_paired_difference_resamples_the_same_items_for_both_sides() {
        double[] before = coinFlips(100, 7);
        double[] after = new double[before.length];
        for (int i = 0; i < before.length; i++) {
            after[i] = before[i] + 0.1;
        }
        Bootstrap.Interval d = Bootstrap.pairedDifference(before, after, 500, 1, 0.95);
        assertThat(d.estimate()).isCloseTo(0.1, within(1e-12));
        assertThat(d.lower()).isCloseTo(0.1, within(1e-12));
        assertThat(d.upper()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void quantiles_interpolate_between_order_statistics_as_numpy_does() {
        assertThat(Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
        assertThat(Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.025)).isCloseTo(1.075, within(1e-12));
    }

    @Test
    void several_statistics_share_the_resamples_of_a_single_interval_with_the_same_seed() {
        double[] before = coinFlips(150, 3);
        double[] after = coinFlips(150, 4);
        var many = Bootstrap.intervals(150, sample -> {
            double b = 0;
            double a = 0;
            for (int i : sample) {
                b += before[i];
                a += after[i];
            }
            return new double[] {b / sample.length, a / sample.length, a / sample.length - b / sample.length, Double.NaN};
        }, 500, 9, 0.95);
        assertThat(many.get(0)).isEqualTo(Bootstrap.mean(before, 500, 9, 0.95));
        assertThat(many.get(1)).isEqualTo(Bootstrap.mean(after, 500, 9, 0.95));
        assertThat(many.get(2)).isEqualTo(Bootstrap.pairedDifference(before, after, 500, 9, 0.95));
        // A statistic undefined on every resample has no interval.
        assertThat(many.get(3).lower()).isNaN();
    }
}
