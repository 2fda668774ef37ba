package dev.groundwork.annotation.agreement;

import static dev.groundwork.annotation.agreement.Ratings.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Krippendorff's alpha (nominal)")
class KrippendorffAlphaTest {

    /**
     * Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
     * Communication, University of Pennsylvania, Departmental Papers (ASC) 43
     * (https://repository.upenn.edu/asc_papers/43), section C, "Nominal data, any number of observers,
     * missing data": observers A-D, units 1-12, values 1-5, null = no value given.
     */
    private static final List<List<String>> KRIPPENDORFF_2011 = List.of(
            row("1", "2", "3", "3", "2", "1", "4", "1", "2", null, null, null),  // A
            row("1", "2", "3", "3", "2", "2", "4", "1", "2", "5", null, "3"),   // B
            row(null, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", null),  // C
            row("1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", null));  // D

    @Test
    @DisplayName("reproduces Krippendorff (2011) section C: nominal alpha = 0.743 from 40 values in 11 units")
    void reproducesKrippendorff2011() {
        // Hand calculation with the coincidence matrix (unit 12 has one value, so is not pairable):
        //   values per category n_1..n_5 = 9, 13, 10, 5, 3; n = 40
        //   disagreeing coincidences: unit 2 {2,2,3,2} contributes 3*1/3 twice = 2,
        //   unit 6 {1,2,3,4} contributes 12 ordered pairs * 1/3 = 4, unit 8 {1,1,2,1} contributes 2,
        //   so sum_{c != k} o_ck = 8
        //   sum_{c != k} n_c n_k = 40^2 - (81 + 169 + 100 + 25 + 9) = 1600 - 384 = 1216
        //   alpha = 1 - (n - 1) * 8 / 1216 = 1 - 39 * 8 / 1216 = 1 - 312/1216 = 0.743421...
        AlphaResult result = KrippendorffAlpha.nominal(KRIPPENDORFF_2011);

        assertThat(result.alpha()).hasValueCloseTo(0.743, within(0.001));
        assertThat(result.alpha()).hasValueCloseTo(1.0 - 312.0 / 1216.0, within(1e-12));
        assertThat(result.pairableUnits()).isEqualTo(11);
        assertThat(result.pairableValues()).isEqualTo(40);
    }

    @Test
    @DisplayName("on the Cohen Wikipedia data (two raters, nothing missing) is 0.40, which here equals kappa")
    void twoRatersOnCohenWikipediaData() {
        // Data: Wikipedia "Cohen's kappa", "Simple example" (both Yes 20, A Yes/B No 5, A No/B Yes 10,
        // both No 15). Independent hand calculation: every unit has m_u = 2, so each ordered pair
        // counts 1/(2-1) = 1.
        //   o_YY = 2*20 = 40, o_NN = 2*15 = 30, o_YN = o_NY = 5 + 10 = 15; n_Y = 55, n_N = 45, n = 100
        //   alpha = 1 - (n - 1) (o_YN + o_NY) / (2 n_Y n_N) = 1 - 99 * 30 / (2 * 55 * 45)
        //         = 1 - 2970 / 4950 = 1 - 0.6 = 0.4
        // In general alpha = 1 - (n-1)/n * (1 - pi) for two observers without missing data (pi = Scott's
        // pi = 13/33 here), so alpha differs from kappa; on this table it happens to equal kappa = 0.40
        // exactly, while it is clearly different from pi. See the next test for a table where
        // alpha and kappa differ.
        Ratings.Pairs data = Ratings.wikipediaCohen();

        AlphaResult result = KrippendorffAlpha.nominal(data.perRater());
        double handAlpha = 1.0 - 99.0 * 30.0 / (2.0 * 55.0 * 45.0);

        assertThat(result.alpha()).hasValueCloseTo(handAlpha, within(1e-9));
        assertThat(result.alpha()).hasValueCloseTo(0.4, within(1e-9));
        assertThat(result.alpha()).hasValueCloseTo(1.0 - 99.0 / 100.0 * (1.0 - 13.0 / 33.0), within(1e-9));
        assertThat(result.alpha().getAsDouble())
                .isCloseTo(CohenKappa.of(data.rater1, data.rater2).kappa().getAsDouble(), within(1e-9))
                .isNotCloseTo(13.0 / 33.0, within(1e-3));
        assertThat(result.pairableUnits()).isEqualTo(50);
        assertThat(result.pairableValues()).isEqualTo(100);
    }

    @Test
    @DisplayName("on the three-category Cohen table is 0.67, close to but not equal to kappa = 2/3")
    void twoRatersCloseToButNotEqualToKappa() {
        // Data: the hand-computed 3x3 table in CohenKappaTest (50 items, 39 agreements, both raters'
        // marginals 20/15/15, kappa = 2/3). Hand calculation:
        //   11 disagreeing units, each giving two off-diagonal coincidences: sum_{c != k} o_ck = 22
        //   n_a = 40, n_b = 30, n_c = 30, n = 100; sum_{c != k} n_c n_k = 100^2 - (1600 + 900 + 900) = 6600
        //   alpha = 1 - 99 * 22 / 6600 = 1 - 2178/6600 = 1 - 0.33 = 0.67
        Ratings.Pairs data = CohenKappaTest.threeCategoryTable();

        AlphaResult result = KrippendorffAlpha.nominal(data.perRater());
        double kappa = CohenKappa.of(data.rater1, data.rater2).kappa().getAsDouble();

        assertThat(result.alpha()).hasValueCloseTo(1.0 - 99.0 * 22.0 / 6600.0, within(1e-9));
        assertThat(result.alpha()).hasValueCloseTo(0.67, within(1e-9));
        assertThat(kappa).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(result.alpha().getAsDouble()).isCloseTo(kappa, within(0.01)).isNotCloseTo(kappa, within(1e-3));
    }

    @Test
    @DisplayName("is 1 when all observers agree on every unit, even with missing values")
    void perfectAgreementIsOne() {
        List<List<String>> data = List.of(
                row("a", "b", null, "c", "a"),
                row("a", "b", "b", null, "a"),
                row(null, "b", "b", "c", "a"));

        AlphaResult result = KrippendorffAlpha.nominal(data);

        assertThat(result.alpha()).hasValueCloseTo(1.0, within(1e-12));
        assertThat(result.pairableUnits()).isEqualTo(5);
        assertThat(result.pairableValues()).isEqualTo(12);
    }

    @Test
    @DisplayName("ignores a unit that has only one value")
    void unitWithOneValueIsIgnored() {
        List<List<String>> withLoneValue = new ArrayList<>();
        List<List<String>> without = new ArrayList<>();
        for (List<String> rater : KRIPPENDORFF_2011) {
            List<String> extended = new ArrayList<>(rater.subList(0, 11)); // drop unit 12 (B = 3 only)
            without.add(extended);
            List<String> lone = new ArrayList<>(extended);
            lone.add(null);
            withLoneValue.add(lone);
        }
        withLoneValue.get(2).set(11, "1"); // unit 12 now has only C = 1: a new category count, still unpairable

        AlphaResult a = KrippendorffAlpha.nominal(withLoneValue);
        AlphaResult b = KrippendorffAlpha.nominal(without);

        assertThat(a).isEqualTo(b);
        assertThat(a.pairableUnits()).isEqualTo(11);
        assertThat(a.pairableValues()).isEqualTo(40);
        assertThat(a).isEqualTo(KrippendorffAlpha.nominal(KRIPPENDORFF_2011));
    }

    @Test
    @DisplayName("is undefined (empty) when every pairable value is the same category")
    void undefinedWhenOneCategory() {
        AlphaResult result = KrippendorffAlpha.nominal(List.of(row("x", "x", null), row("x", "x", "y")));

        assertThat(result.alpha()).isEmpty();
        assertThat(result.pairableUnits()).isEqualTo(2);
        assertThat(result.pairableValues()).isEqualTo(4);
    }

    @Nested
    @DisplayName("rejects bad input")
    class BadInput {

        @Test
        @DisplayName("a single rater")
        void singleRater() {
            assertThatThrownBy(() -> KrippendorffAlpha.nominal(List.of(List.of("a", "b"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 2 raters")
                    .hasMessageContaining("got 1");
        }

        @Test
        @DisplayName("no raters or no units")
        void empty() {
            assertThatThrownBy(() -> KrippendorffAlpha.nominal(List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 2 raters");
            assertThatThrownBy(() -> KrippendorffAlpha.nominal(List.of(List.of(), List.of())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no units");
        }

        @Test
        @DisplayName("rating lists of different length, naming the rater")
        void mismatchedLengths() {
            assertThatThrownBy(() -> KrippendorffAlpha.nominal(List.of(
                    row("a", "b", "c"), row("a", "b", "c"), row("a", "b"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("same length")
                    .hasMessageContaining("rater 2 has 2");
        }

        @Test
        @DisplayName("data in which no unit has two values")
        void noPairableValues() {
            assertThatThrownBy(() -> KrippendorffAlpha.nominal(List.of(row("a", null), row(null, "b"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no pairable values");
        }
    }
}
