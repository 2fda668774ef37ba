package dev.groundwork.annotation.agreement;

import static dev.groundwork.annotation.agreement.Ratings.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Fleiss' kappa")
class FleissKappaTest {

    /**
     * Wikipedia, "Fleiss' kappa", section "Worked example"
     * (https://en.wikipedia.org/wiki/Fleiss%27_kappa): 14 raters assign 10 subjects to 5 categories;
     * the table gives, per subject, how many raters chose each category.
     */
    private static final int[][] WIKIPEDIA_TABLE = {
        {0, 0, 0, 0, 14},
        {0, 2, 6, 4, 2},
        {0, 0, 3, 5, 6},
        {0, 3, 9, 2, 0},
        {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},
        {3, 2, 6, 3, 0},
        {2, 5, 3, 2, 2},
        {6, 5, 2, 1, 0},
        {0, 2, 2, 3, 7},
    };

    @Test
    @DisplayName("reproduces the Wikipedia worked example: P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210")
    void reproducesWikipediaExample() {
        // Published (rounded): P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
        // Exact, by hand: row sums of n_ij^2 are 196, 60, 70, 94, 74, 98, 58, 46, 66, 66 (total 828), so
        //   P-bar   = (828 - 10*14) / (10 * 14 * 13) = 688 / 1820           = 0.378022...
        //   column totals 20, 28, 39, 21, 32 of 140 ratings, so
        //   P-bar_e = (20^2 + 28^2 + 39^2 + 21^2 + 32^2) / 140^2 = 4170 / 19600 = 0.212755...
        //   kappa   = (P-bar - P-bar_e) / (1 - P-bar_e)                   = 0.209930...
        KappaResult result = FleissKappa.of(WIKIPEDIA_TABLE);

        assertThat(result.observedAgreement()).isCloseTo(0.378, within(0.001));
        assertThat(result.expectedAgreement()).isCloseTo(0.213, within(0.001));
        assertThat(result.kappa()).hasValueCloseTo(0.210, within(0.001));

        double pBar = 688.0 / 1820.0;
        double pBarE = 4170.0 / 19600.0;
        assertThat(result.observedAgreement()).isCloseTo(pBar, within(1e-12));
        assertThat(result.expectedAgreement()).isCloseTo(pBarE, within(1e-12));
        assertThat(result.kappa()).hasValueCloseTo((pBar - pBarE) / (1 - pBarE), within(1e-12));
        assertThat(result.items()).isEqualTo(10);
    }

    @Test
    @DisplayName("with two raters equals Scott's pi (13/33 on the Cohen Wikipedia data), not Cohen's kappa (0.40)")
    void twoRatersGiveScottsPi() {
        // Data: Wikipedia "Cohen's kappa", "Simple example" (both Yes 20, A Yes/B No 5, A No/B Yes 10,
        // both No 15). For n = 2 raters Fleiss' kappa is Scott's pi (Fleiss 1971 says it generalises pi):
        // agreement on each subject is 1 or 0, so P-bar = 35/50 = 0.70; pooled marginals are
        //   Yes: (25 + 30) / 100 = 0.55, No: (25 + 20) / 100 = 0.45
        //   P-bar_e = 0.55^2 + 0.45^2 = 0.3025 + 0.2025 = 0.505
        //   pi = (0.70 - 0.505) / (1 - 0.505) = 0.195 / 0.495 = 13/33 = 0.393939...
        // Cohen's kappa on the same data is 0.40 because it uses each rater's own marginals.
        Ratings.Pairs data = Ratings.wikipediaCohen();

        KappaResult fleiss = FleissKappa.ofRatings(data.perSubject());
        KappaResult cohen = CohenKappa.of(data.rater1, data.rater2);

        assertThat(fleiss.observedAgreement()).isCloseTo(0.70, within(1e-12));
        assertThat(fleiss.expectedAgreement()).isCloseTo(0.505, within(1e-12));
        assertThat(fleiss.kappa()).hasValueCloseTo(13.0 / 33.0, within(1e-12));
        assertThat(cohen.kappa()).hasValueCloseTo(0.40, within(1e-12));
        assertThat(fleiss.kappa().getAsDouble()).isNotCloseTo(cohen.kappa().getAsDouble(), within(1e-3));
    }

    @Test
    @DisplayName("builds the same count table from labels, ignoring nulls and the order of raters")
    void ofRatingsMatchesCountTable() {
        // Three subjects, three non-null labels each; categories sorted: a, b, c.
        List<List<String>> labels = List.of(
                row("a", "a", "b", null),
                row("c", null, "c", "c"),
                row("b", "a", "b"));
        int[][] counts = {
            {2, 1, 0},
            {0, 0, 3},
            {1, 2, 0},
        };

        assertThat(FleissKappa.ofRatings(labels)).isEqualTo(FleissKappa.of(counts));
    }

    @Test
    @DisplayName("is 1 when all raters agree on every subject and more than one category is used")
    void perfectAgreementIsOne() {
        KappaResult result = FleissKappa.of(new int[][] {{3, 0}, {0, 3}, {3, 0}});

        assertThat(result.kappa()).hasValueCloseTo(1.0, within(1e-12));
        assertThat(result.observedAgreement()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("is undefined (empty) when every rating is the same single category")
    void undefinedWhenOneCategory() {
        KappaResult result = FleissKappa.of(new int[][] {{0, 4}, {0, 4}});

        assertThat(result.kappa()).isEmpty();
        assertThat(result.observedAgreement()).isEqualTo(1.0);
        assertThat(result.expectedAgreement()).isEqualTo(1.0);
    }

    @Nested
    @DisplayName("rejects bad input")
    class BadInput {

        @Test
        @DisplayName("rows with unequal totals, naming the offending row")
        void unequalRowTotals() {
            int[][] counts = {{1, 1}, {2, 0}, {0, 2}, {1, 2}};

            assertThatThrownBy(() -> FleissKappa.of(counts))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 3 has 3 ratings but row 0 has 2");
        }

        @Test
        @DisplayName("a single rater per subject")
        void singleRater() {
            assertThatThrownBy(() -> FleissKappa.of(new int[][] {{1, 0}, {0, 1}}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 2 raters");
            assertThatThrownBy(() -> FleissKappa.ofRatings(List.of(List.of("a"), List.of("b"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("subject 0")
                    .hasMessageContaining("at least 2 raters");
        }

        @Test
        @DisplayName("an empty table or no subjects")
        void empty() {
            assertThatThrownBy(() -> FleissKappa.of(new int[0][]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> FleissKappa.ofRatings(List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no subjects");
        }

        @Test
        @DisplayName("rows of different lengths, naming the offending row")
        void raggedRows() {
            assertThatThrownBy(() -> FleissKappa.of(new int[][] {{1, 1}, {1, 1, 0}}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 1 has 3 categories");
        }

        @Test
        @DisplayName("negative counts, naming the cell")
        void negativeCount() {
            assertThatThrownBy(() -> FleissKappa.of(new int[][] {{2, 0}, {3, -1}}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 1, column 1 has negative count -1");
        }

        @Test
        @DisplayName("subjects with different numbers of non-null labels, naming the subject")
        void unequalLabelCounts() {
            List<List<String>> labels = List.of(row("a", "b"), row("a", "a"), row("a", null, "b", "b"));

            assertThatThrownBy(() -> FleissKappa.ofRatings(labels))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("subject 2 has 3 non-null ratings but subject 0 has 2");
        }
    }
}
