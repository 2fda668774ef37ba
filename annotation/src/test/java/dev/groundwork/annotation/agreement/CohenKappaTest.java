package dev.groundwork.annotation.agreement;

import static dev.groundwork.annotation.agreement.Ratings.pairs;
import static dev.groundwork.annotation.agreement.Ratings.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Cohen's kappa")
class CohenKappaTest {

    @Test
    @DisplayName("reproduces the Wikipedia worked example: p_o = 0.70, p_e = 0.50, kappa = 0.40")
    void reproducesWikipediaExample() {
        // Source: Wikipedia, "Cohen's kappa", section "Examples" -> "Simple example"
        // (https://en.wikipedia.org/wiki/Cohen%27s_kappa). 50 grant applications, readers A and B:
        //   both Yes 20, A Yes / B No 5, A No / B Yes 10, both No 15.
        // p_o = (20 + 15) / 50 = 0.70
        // A says Yes 25/50 = 0.5, B says Yes 30/50 = 0.6
        // p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.30 + 0.20 = 0.50
        // kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40
        Ratings.Pairs data = Ratings.wikipediaCohen();

        KappaResult result = CohenKappa.of(data.rater1, data.rater2);

        assertThat(result.observedAgreement()).isCloseTo(0.70, within(1e-12));
        assertThat(result.expectedAgreement()).isCloseTo(0.50, within(1e-12));
        assertThat(result.kappa()).hasValueCloseTo(0.40, within(1e-12));
        assertThat(result.items()).isEqualTo(50);
    }

    @Test
    @DisplayName("gives kappa = 2/3 on a hand-computed three-category table")
    void handComputedThreeCategories() {
        // Hand-computed example (constructed for this test). Rows = rater 1, columns = rater 2:
        //            b2=a  b2=b  b2=c | total
        //   r1 = a    15     3     2  |  20
        //   r1 = b     2    12     1  |  15
        //   r1 = c     3     0    12  |  15
        //   total     20    15    15  |  50
        // p_o = (15 + 12 + 12) / 50 = 39/50 = 0.78
        // p_e = (20*20 + 15*15 + 15*15) / 50^2 = (400 + 225 + 225) / 2500 = 850/2500 = 0.34
        // kappa = (0.78 - 0.34) / (1 - 0.34) = 0.44 / 0.66 = 2/3
        Ratings.Pairs data = threeCategoryTable();

        KappaResult result = CohenKappa.of(data.rater1, data.rater2);

        assertThat(result.observedAgreement()).isCloseTo(0.78, within(1e-12));
        assertThat(result.expectedAgreement()).isCloseTo(0.34, within(1e-12));
        assertThat(result.kappa()).hasValueCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(result.items()).isEqualTo(50);
    }

    @Test
    @DisplayName("is 1 when both raters agree on every item and more than one category is used")
    void perfectAgreementIsOne() {
        List<String> labels = List.of("cat", "dog", "bird", "dog", "cat", "cat");

        KappaResult result = CohenKappa.of(labels, new ArrayList<>(labels));

        assertThat(result.kappa()).hasValue(1.0);
        assertThat(result.observedAgreement()).isEqualTo(1.0);
        assertThat(result.items()).isEqualTo(6);
    }

    @Test
    @DisplayName("is -1 when two raters systematically swap two equally used labels")
    void systematicDisagreementIsMinusOne() {
        // p_o = 0, marginals 1/2 each for both raters, p_e = 0.5, kappa = (0 - 0.5) / 0.5 = -1
        KappaResult result = CohenKappa.of(List.of("x", "y", "x", "y"), List.of("y", "x", "y", "x"));

        assertThat(result.kappa()).hasValueCloseTo(-1.0, within(1e-12));
    }

    @Test
    @DisplayName("is undefined (empty) when every rating is the same single category")
    void undefinedWhenExpectedAgreementIsOne() {
        KappaResult result = CohenKappa.of(List.of("x", "x", "x"), List.of("x", "x", "x"));

        assertThat(result.kappa()).isEmpty();
        assertThat(result.observedAgreement()).isEqualTo(1.0);
        assertThat(result.expectedAgreement()).isEqualTo(1.0);
        assertThat(result.items()).isEqualTo(3);
    }

    @Test
    @DisplayName("skips items where either rater is missing and reports how many pairs were used")
    void skipsNullsPairwise() {
        Ratings.Pairs data = Ratings.wikipediaCohen()
                .add(null, "Yes", 1)
                .add("No", null, 2)
                .add(null, null, 1);

        KappaResult result = CohenKappa.of(data.rater1, data.rater2);

        assertThat(data.rater1).hasSize(54);
        assertThat(result.items()).isEqualTo(50);
        assertThat(result.kappa()).hasValueCloseTo(0.40, within(1e-12));
        assertThat(result.observedAgreement()).isCloseTo(0.70, within(1e-12));
        assertThat(result.expectedAgreement()).isCloseTo(0.50, within(1e-12));
    }

    @Nested
    @DisplayName("rejects bad input")
    class BadInput {

        @Test
        @DisplayName("rating lists of different length, naming both lengths")
        void mismatchedLengths() {
            assertThatThrownBy(() -> CohenKappa.of(List.of("a", "b", "c"), List.of("a", "b")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("same length")
                    .hasMessageContaining("rater1 has 3")
                    .hasMessageContaining("rater2 has 2");
        }

        @Test
        @DisplayName("empty rating lists")
        void empty() {
            assertThatThrownBy(() -> CohenKappa.of(List.of(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
        }

        @Test
        @DisplayName("lists where no item was rated by both raters")
        void noPairableItems() {
            assertThatThrownBy(() -> CohenKappa.of(row("a", null, null), row(null, "b", null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no pairable values");
        }

        @Test
        @DisplayName("a null list, with a NullPointerException naming the argument")
        void nullList() {
            assertThatThrownBy(() -> CohenKappa.of(null, List.of("a")))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("rater1");
        }
    }

    static Ratings.Pairs threeCategoryTable() {
        return pairs()
                .add("a", "a", 15).add("a", "b", 3).add("a", "c", 2)
                .add("b", "a", 2).add("b", "b", 12).add("b", "c", 1)
                .add("c", "a", 3).add("c", "b", 0).add("c", "c", 12);
    }
}
