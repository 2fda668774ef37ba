package dev.groundwork.web.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.annotation.agreement.AgreementService.CriticAgreement;
import dev.groundwork.annotation.agreement.AgreementService.PairAgreement;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AnnotatorAgreementTest {

    private static PairAgreement pair(String a, String b, OptionalDouble kappa, int n) {
        return new PairAgreement(a, b, kappa, n);
    }

    @Test
    void mean_kappa_is_weighted_by_shared_comparisons_and_ignores_critic_pairs_and_undefined_kappa() {
        List<PairAgreement> pairs = List.of(
                pair("a", "b", OptionalDouble.of(0.5), 10),
                pair("a", "c", OptionalDouble.of(0.2), 30),
                pair("b", "c", OptionalDouble.empty(), 5),
                pair("a", "crit", OptionalDouble.of(0.9), 40),
                pair("d", "crit", OptionalDouble.of(-0.3), 4));
        List<CriticAgreement> critic = List.of(
                new CriticAgreement("a", "crit", 30, 40),
                new CriticAgreement("b", "crit", 0, 0),
                new CriticAgreement("d", "crit", 3, 4),
                new CriticAgreement("a", "crit2", 5, 10));

        List<AnnotatorAgreement> rows = AnnotatorAgreement.of(pairs, critic);

        assertThat(rows).extracting(AnnotatorAgreement::annotator).containsExactly("a", "b", "c", "d");
        AnnotatorAgreement a = rows.get(0);
        // (0.5 * 10 + 0.2 * 30) / (10 + 30) = 11 / 40
        assertThat(a.meanKappa().getAsDouble()).isCloseTo(0.275, within(1e-12));
        assertThat(a.pairs()).isEqualTo(2);
        assertThat(a.sharedComparisons()).isEqualTo(40);
        // (30 + 5) / (40 + 10)
        assertThat(a.criticAgreement().getAsDouble()).isCloseTo(0.7, within(1e-12));
        assertThat(a.criticComparisons()).isEqualTo(50);

        AnnotatorAgreement b = rows.get(1);
        assertThat(b.meanKappa().getAsDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(b.pairs()).isEqualTo(1);
        assertThat(b.sharedComparisons()).isEqualTo(10);
        assertThat(b.criticAgreement()).isEmpty();

        AnnotatorAgreement c = rows.get(2);
        assertThat(c.meanKappa().getAsDouble()).isCloseTo(0.2, within(1e-12));
        assertThat(c.criticAgreement()).isEmpty();
        assertThat(c.criticComparisons()).isZero();

        AnnotatorAgreement d = rows.get(3);
        assertThat(d.meanKappa()).isEmpty();
        assertThat(d.pairs()).isZero();
        assertThat(d.criticAgreement().getAsDouble()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void without_a_critic_every_pair_is_a_human_pair() {
        List<AnnotatorAgreement> rows = AnnotatorAgreement.of(List.of(
                pair("x", "y", OptionalDouble.of(1.0), 2),
                pair("x", "z", OptionalDouble.of(-0.5), 6),
                pair("y", "z", OptionalDouble.of(0.0), 4)), List.of());
        // x: (1*2 - 0.5*6) / 8 = -1/8; y: (1*2 + 0*4) / 6 = 1/3; z: (-0.5*6 + 0*4) / 10 = -0.3
        assertThat(rows).extracting(r -> r.meanKappa().getAsDouble())
                .containsExactly(-0.125, 1.0 / 3, -0.3);
        assertThat(rows).allSatisfy(r -> assertThat(r.criticAgreement()).isEmpty());
        assertThat(AnnotatorAgreement.of(List.of(), List.of())).isEmpty();
    }
}
