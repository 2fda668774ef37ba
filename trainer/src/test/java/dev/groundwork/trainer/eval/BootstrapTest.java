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
}
