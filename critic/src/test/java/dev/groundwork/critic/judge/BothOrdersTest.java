package dev.groundwork.critic.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.critic.claims.ClaimChecker;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.storage.judgment.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class BothOrdersTest {

    static final CriticImage IMAGE = CriticImage.of("0".repeat(64), "image/png", new byte[0]);

    /** Prefers whichever answer it is shown first, strongly, and flags the other: pure position bias. */
    static final class FirstAlwaysWins implements Critic {
        int calls;

        @Override
        public CriticIdentity identity() {
            return new CriticIdentity("first-wins", "none", "v1");
        }

        @Override
        public CriticVerdict judge(CriticPair pair) {
            calls++;
            return new CriticVerdict(Verdict.A, 2, List.of(new CriticVerdict.Flag(CriticVerdict.Answer.SECOND,
                    HallucinationType.OBJECT, null, null, "made up")), "the first is better", new Usage(10, 5));
        }
    }

    @Test
    void aCriticThatAlwaysPrefersTheFirstAnswerIsCaughtAndItsVerdictsBecomeTies() {
        FirstAlwaysWins biased = new FirstAlwaysWins();
        BothOrders critic = new BothOrders(biased);
        for (int i = 0; i < 20; i++) {
            CriticVerdict v = critic.judge(new CriticPair("c" + i, "Describe the image.", TaskType.CAPTION, IMAGE,
                    "answer " + i, "other " + i, null));
            assertThat(v.verdict()).isEqualTo(Verdict.TIE);
            assertThat(v.strength()).isEqualTo(1);
            assertThat(v.flags()).isEmpty();
            assertThat(v.rationale()).startsWith(BothOrders.INCONSISTENT + ": A as shown, B with the answers swapped");
            assertThat(v.usage()).isEqualTo(new Usage(20, 10));
        }
        assertThat(biased.calls).isEqualTo(40);
        assertThat(critic.judged()).isEqualTo(20);
        assertThat(critic.consistencyRate()).isZero();
    }

    @Test
    void aConsistentCriticKeepsItsVerdictAndFlagsInTheShownOrder() {
        Manifest.GroundTruth scene = new Manifest.GroundTruth(List.of(
                new Manifest.SceneObject(0, "circle", "red", "large", List.of(0.0, 0.0, 20.0, 20.0))), List.of());
        BothOrders critic = new BothOrders(new ClaimChecker());
        String bad = "There is a red ring.";
        CriticVerdict v = critic.judge(new CriticPair("c1", "Describe the image.", TaskType.CAPTION, IMAGE, bad,
                "There is a red circle.", scene));
        assertThat(v.verdict()).isEqualTo(Verdict.B);
        assertThat(v.flags()).singleElement().satisfies(f -> {
            assertThat(f.answer()).isEqualTo(CriticVerdict.Answer.FIRST);
            assertThat(bad.substring(f.spanStart(), f.spanEnd())).isEqualTo("a red ring");
        });
        assertThat(critic.consistencyRate()).isEqualTo(1.0);
    }
}
