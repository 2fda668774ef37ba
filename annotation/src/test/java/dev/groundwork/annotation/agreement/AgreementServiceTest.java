package dev.groundwork.annotation.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.annotation.TestAnnotationApplication;
import dev.groundwork.annotation.agreement.AgreementService.CriticAgreement;
import dev.groundwork.annotation.agreement.AgreementService.PairAgreement;
import dev.groundwork.annotation.support.JudgedDataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.judgment.Verdict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * Agreement figures of a dataset with hand-picked verdicts:
 *
 * <pre>
 *              c0  c1  c2   c3
 *   ag-1        A   B   A   TIE
 *   ag-2        A   A   TIE TIE
 *   critic-x    A   B   B   -
 *   critic-y    -   -   -   TIE
 * </pre>
 */
// Its own context (and in-memory database): other classes count rows of the shared one.
@SpringBootTest(classes = TestAnnotationApplication.class, properties = "groundwork.test.fixture=judged-dataset")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgreementServiceTest {

    private static final String DATASET = "agree-world";

    @Autowired ApplicationContext context;
    @Autowired AgreementService agreement;
    @TempDir static Path tmp;

    @BeforeAll
    void judge() throws Exception {
        JudgedDataset data = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("w"), DATASET, 6,
                List.of("ag-1", "ag-2"));
        data.human(0, "ag-1", Verdict.A).human(0, "ag-2", Verdict.A).critic(0, "critic-x", Verdict.A);
        data.human(1, "ag-1", Verdict.B).human(1, "ag-2", Verdict.A).critic(1, "critic-x", Verdict.B);
        data.human(2, "ag-1", Verdict.A).human(2, "ag-2", Verdict.TIE).critic(2, "critic-x", Verdict.B);
        data.human(3, "ag-1", Verdict.TIE).human(3, "ag-2", Verdict.TIE).critic(3, "critic-y", Verdict.TIE);
    }

    @Test
    void critic_agreement_counts_equal_verdicts_over_the_comparisons_both_judged() {
        assertThat(agreement.criticAgreement(DATASET)).containsExactly(
                new CriticAgreement("ag-1", "critic-x", 2, 3),
                new CriticAgreement("ag-2", "critic-x", 1, 3),
                new CriticAgreement("ag-1", "critic-y", 1, 1),
                new CriticAgreement("ag-2", "critic-y", 1, 1));
        assertThat(new CriticAgreement("ag-1", "critic-x", 2, 3).fraction().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(new CriticAgreement("ag-1", "critic-x", 0, 0).fraction()).isEmpty();
        assertThatThrownBy(() -> new CriticAgreement("a", "c", 4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> agreement.criticAgreement("no-such-dataset")).isInstanceOf(DatasetNotFoundException.class);
    }

    @Test
    void the_report_has_cohen_kappa_per_pair_as_computed_by_hand() {
        AgreementService.Report r = agreement.forDataset(DATASET);
        assertThat(r.comparisons()).isEqualTo(4);
        assertThat(r.humanJudges()).isEqualTo(2);
        assertThat(r.fleissComparisons()).isEqualTo(4);
        // ag-1 vs ag-2: p_o = 2/4, p_e = (2*2 + 1*0 + 1*2) / 16 = 0.375, kappa = 0.125 / 0.625 = 0.2
        PairAgreement humans = r.pairs().get(0);
        assertThat(humans.judge1()).isEqualTo("ag-1");
        assertThat(humans.judge2()).isEqualTo("ag-2");
        assertThat(humans.comparisons()).isEqualTo(4);
        assertThat(humans.kappa().getAsDouble()).isCloseTo(0.2, within(1e-12));
        // ag-1 vs critic-x on c0..c2: p_o = 2/3, p_e = (2*1 + 1*2) / 9 = 4/9, kappa = (2/9) / (5/9) = 0.4
        PairAgreement critic = r.pairs().stream().filter(p -> p.judge1().equals("ag-1") && p.judge2().equals("critic-x"))
                .findFirst().orElseThrow();
        assertThat(critic.comparisons()).isEqualTo(3);
        assertThat(critic.kappa().getAsDouble()).isCloseTo(0.4, within(1e-12));
        // One shared comparison in one category: kappa is 0/0, reported as undefined.
        assertThat(r.pairs()).filteredOn(p -> p.judge2().equals("critic-y"))
                .allSatisfy(p -> assertThat(p.kappa()).isEmpty()).hasSize(2);
    }

    @Test
    void a_corrected_verdict_counts_as_its_correction_only() throws Exception {
        JudgedDataset data = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("fix"), "agree-fix", 6,
                List.of("fx-1", "fx-2"));
        data.human(0, "fx-1", Verdict.A).human(0, "fx-2", Verdict.B).critic(0, "critic-z", Verdict.A);
        data.human(1, "fx-1", Verdict.B).human(1, "fx-2", Verdict.B).critic(1, "critic-z", Verdict.B);
        assertThat(agreement.criticAgreement("agree-fix"))
                .containsExactly(new CriticAgreement("fx-1", "critic-z", 2, 2), new CriticAgreement("fx-2", "critic-z", 1, 2));
        data.correct(0, "fx-2", Verdict.TIE).correct(0, "fx-2", Verdict.A);
        assertThat(agreement.criticAgreement("agree-fix")).as("fx-2's B on c0 became A, through a tie")
                .containsExactly(new CriticAgreement("fx-1", "critic-z", 2, 2), new CriticAgreement("fx-2", "critic-z", 2, 2));
        AgreementService.Report r = agreement.forDataset("agree-fix");
        assertThat(r.comparisons()).isEqualTo(2);
        assertThat(r.pairs().get(0)).extracting(PairAgreement::judge1, PairAgreement::judge2, PairAgreement::comparisons)
                .containsExactly("fx-1", "fx-2", 2);
        assertThat(agreement.criticSummary("agree-fix")).singleElement()
                .extracting(AgreementService.CriticSummary::decided, AgreementService.CriticSummary::agreed).containsExactly(2, 2);
    }
}
