package dev.groundwork.annotation.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.annotation.TestAnnotationApplication;
import dev.groundwork.annotation.agreement.AgreementService.CriticSummary;
import dev.groundwork.annotation.support.JudgedDataset;
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
 * A critic against people's decisions, worked by hand:
 *
 * <pre>
 *              c0  c1  c2  c3   c4  c5
 *   cs-1        A   B   A   B    A   TIE
 *   cs-2        A   B   A   B    B   TIE
 *   decision    A   B   A   B    -   -      (c4: no majority; c5: a tie is no decision)
 *   critic-x    A   B   B   TIE  A   TIE
 * </pre>
 *
 * critic-x on the four decided comparisons: agreed 2 (c0, c1), accuracy 0.5. Cohen's κ of (A,B,A,B) against
 * (A,B,B,TIE): p_o = 2/4; marginals people A ½, B ½; critic A ¼, B ½, TIE ¼; p_e = ½·¼ + ½·½ = 0.375;
 * κ = (0.5 − 0.375) / (1 − 0.375) = 0.2.
 */
@SpringBootTest(classes = TestAnnotationApplication.class, properties = "groundwork.test.fixture=critic-summary")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriticSummaryTest {

    private static final String DATASET = "summary-world";

    @Autowired ApplicationContext context;
    @Autowired AgreementService agreement;
    @TempDir static Path tmp;

    @BeforeAll
    void judge() throws Exception {
        JudgedDataset data = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("w"), DATASET, 6,
                List.of("cs-1", "cs-2"));
        Verdict[][] humans = {{Verdict.A, Verdict.A}, {Verdict.B, Verdict.B}, {Verdict.A, Verdict.A},
                {Verdict.B, Verdict.B}, {Verdict.A, Verdict.B}, {Verdict.TIE, Verdict.TIE}};
        Verdict[] critic = {Verdict.A, Verdict.B, Verdict.B, Verdict.TIE, Verdict.A, Verdict.TIE};
        for (int c = 0; c < humans.length; c++) {
            data.human(c, "cs-1", humans[c][0]).human(c, "cs-2", humans[c][1]).critic(c, "critic-x", critic[c]);
        }
    }

    @Test
    void accuracyAndKappaOnTheComparisonsPeopleDecided() {
        List<CriticSummary> summary = agreement.criticSummary(DATASET);
        assertThat(summary).singleElement().satisfies(s -> {
            assertThat(s.critic()).isEqualTo("critic-x");
            assertThat(s.decided()).isEqualTo(4);
            assertThat(s.agreed()).isEqualTo(2);
            assertThat(s.accuracy().getAsDouble()).isEqualTo(0.5);
            assertThat(s.kappa().getAsDouble()).isCloseTo(0.2, within(1e-12));
        });
        assertThat(new CriticSummary("c", 0, 0, java.util.OptionalDouble.empty()).accuracy()).isEmpty();
    }
}
