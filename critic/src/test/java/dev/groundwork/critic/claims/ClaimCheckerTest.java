package dev.groundwork.critic.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.judge.CriticImage;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.storage.judgment.Verdict;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked cases of each claim type against one hand-made scene:
 * <pre>
 *   0 large red circle    centre (20, 20)
 *   1 small blue star     centre (60, 20)   right of the circle
 *   2 small green cross   centre (20, 60)   below the circle
 *   3 small green cross   centre (60, 60)
 * </pre>
 */
class ClaimCheckerTest {

    static final Manifest.GroundTruth SCENE = new Manifest.GroundTruth(List.of(
            object(0, "circle", "red", "large", 20, 20),
            object(1, "star", "blue", "small", 60, 20),
            object(2, "cross", "green", "small", 20, 60),
            object(3, "cross", "green", "small", 60, 60)),
            List.of(rel(0, "left_of", 1), rel(1, "right_of", 0), rel(0, "above", 2), rel(2, "below", 0),
                    rel(2, "left_of", 3), rel(3, "right_of", 2), rel(1, "above", 3), rel(3, "below", 1),
                    rel(0, "left_of", 3), rel(3, "right_of", 0), rel(0, "above", 3), rel(3, "below", 0),
                    rel(1, "right_of", 2), rel(2, "left_of", 1), rel(1, "above", 2), rel(2, "below", 1)));

    final ClaimChecker checker = new ClaimChecker();

    @Test
    void objectHallucinationIsFlaggedWithItsSpan() {
        String bad = "There is a large red circle and a small ring.";
        CriticVerdict v = judge("Describe the image.", TaskType.CAPTION, "There is a large red circle.", bad);
        assertThat(v.verdict()).isEqualTo(Verdict.A);
        assertThat(v.flags()).singleElement().satisfies(f -> {
            assertThat(f.answer()).isEqualTo(CriticVerdict.Answer.SECOND);
            assertThat(f.type()).isEqualTo(HallucinationType.OBJECT);
            assertThat(bad.substring(f.spanStart(), f.spanEnd())).isEqualTo("a small ring");
        });
        assertThat(v.rationale()).contains("no ring in the scene");
    }

    @Test
    void synonymsAndPluralsNameTheSameClasses() {
        assertThat(falseClaims("Describe the image.", "A big red disc, a tiny blue star and two little green crosses."))
                .isEmpty();
        assertThat(falseClaims("Describe the image.", "I see a hoop.")).containsExactly(HallucinationType.OBJECT);
    }

    @Test
    void colourAndSizeAttributes() {
        assertThat(falseClaims("Describe the image.", "There is a blue circle.")).containsExactly(HallucinationType.ATTRIBUTE);
        assertThat(falseClaims("Describe the image.", "There is a small red circle.")).containsExactly(HallucinationType.ATTRIBUTE);
        assertThat(falseClaims("Describe the image.", "The circle is red and large.")).isEmpty();
        assertThat(falseClaims("Describe the image.", "The star is pink.")).containsExactly(HallucinationType.ATTRIBUTE);
        assertThat(falseClaims("Describe the image.", "The star isn't blue.")).containsExactly(HallucinationType.ATTRIBUTE);
        // Short answers refer to the prompt's object.
        assertThat(falseClaims("What colour is the star?", "Blue.")).isEmpty();
        assertThat(falseClaims("What colour is the star?", "It is yellow.")).containsExactly(HallucinationType.ATTRIBUTE);
        assertThat(falseClaims("What colour is the star?", "The star is blue.")).isEmpty();
    }

    @Test
    void counts() {
        assertThat(falseClaims("Describe the image.", "There are 2 crosses.")).isEmpty();
        assertThat(falseClaims("Describe the image.", "There are three crosses.")).containsExactly(HallucinationType.COUNT);
        assertThat(falseClaims("Describe the image.", "There are 4 objects.")).isEmpty();
        assertThat(falseClaims("Describe the image.", "I count five shapes.")).containsExactly(HallucinationType.COUNT);
        assertThat(falseClaims("Describe the image.", "There are 2 small green crosses.")).isEmpty();
        assertThat(falseClaims("Describe the image.", "A pair of rings.")).containsExactly(HallucinationType.OBJECT);
        assertThat(falseClaims("How many crosses are there?", "Two.")).isEmpty();
        assertThat(falseClaims("How many crosses are there?", "There are 3.")).containsExactly(HallucinationType.COUNT);
        assertThat(falseClaims("How many stars are there?", "There is 1 star.")).isEmpty();
        assertThat(falseClaims("How many stars are there?", "None.")).containsExactly(HallucinationType.COUNT);
    }

    @Test
    void relations() {
        assertThat(falseClaims("Describe the image.", "The red circle is to the left of the blue star.")).isEmpty();
        assertThat(falseClaims("Describe the image.", "The red circle is to the right of the blue star."))
                .containsExactly(HallucinationType.RELATION);
        assertThat(falseClaims("Describe the image.", "The blue star sits directly above a green cross.")).isEmpty();
        assertThat(falseClaims("Describe the image.", "The blue star is below the red circle."))
                .containsExactly(HallucinationType.RELATION);
        assertThat(falseClaims("Describe the image.", "To the left of the blue star is the red circle.")).isEmpty();
        assertThat(falseClaims("Describe the image.", "The circle is not above the star.")).isEmpty();
        assertThat(falseClaims("Is the red circle left or right of the blue star?", "Left.")).isEmpty();
        assertThat(falseClaims("Is the red circle left or right of the blue star?", "It is on the right."))
                .containsExactly(HallucinationType.RELATION);
        // A relation between objects that do not exist is counted once, as the missing object.
        assertThat(falseClaims("Describe the image.", "The ring is above the star.")).containsExactly(HallucinationType.OBJECT);
    }

    @Test
    void yesNoProbesAndDenials() {
        String prompt = "Is there a star in the image?";
        assertThat(falseClaims(prompt, "Yes, there is a star.")).isEmpty();
        assertThat(falseClaims(prompt, "No, there is no star.")).containsExactly(HallucinationType.OTHER);
        assertThat(falseClaims(prompt, "There is no star.")).containsExactly(HallucinationType.OTHER);
        assertThat(falseClaims(prompt, "I don't see any stars.")).containsExactly(HallucinationType.OTHER);
        assertThat(falseClaims(prompt, "No.")).containsExactly(HallucinationType.OTHER);
        assertThat(falseClaims("Is there a ring in the image?", "Yes.")).containsExactly(HallucinationType.OBJECT);
        assertThat(falseClaims("Is there a ring in the image?", "No, there are no rings, only a circle, a star and crosses."))
                .isEmpty();
        assertThat(falseClaims("Is the star blue?", "Yes.")).isEmpty();
        assertThat(falseClaims("Is the star blue?", "No.")).containsExactly(HallucinationType.ATTRIBUTE);
        assertThat(falseClaims("Are there 2 crosses?", "No.")).containsExactly(HallucinationType.COUNT);
        assertThat(falseClaims("Is the circle above the star?", "Yes.")).containsExactly(HallucinationType.RELATION);
    }

    @Test
    void verdictsFromScores() {
        String clean = "There is a red circle.";
        assertThat(judge("Describe the image.", TaskType.CAPTION, clean, clean).verdict()).isEqualTo(Verdict.TIE);
        CriticVerdict both = judge("Describe the image.", TaskType.CAPTION, "There is a ring.", "There is a hexagon.");
        assertThat(both.verdict()).isEqualTo(Verdict.BOTH_BAD);
        CriticVerdict strong = judge("Describe the image.", TaskType.CAPTION, "There is a ring and a hexagon.", clean);
        assertThat(strong.verdict()).isEqualTo(Verdict.B);
        assertThat(strong.strength()).isEqualTo(2);
    }

    @Test
    void aPairWithoutGroundTruthIsRefused() {
        CriticPair pair = new CriticPair("c1", "Describe the image.", TaskType.CAPTION, image(), "a", "b", null);
        assertThatThrownBy(() -> checker.judge(pair)).isInstanceOf(CriticException.class)
                .hasMessageContaining("scene annotation")
                .satisfies(e -> assertThat(((CriticException) e).reason()).isEqualTo(CriticException.Reason.UNSUPPORTED));
    }

    List<HallucinationType> falseClaims(String prompt, String answer) {
        CriticVerdict v = judge(prompt, TaskType.OPEN_QUESTION, "", answer);
        return v.flags().stream().filter(f -> f.answer() == CriticVerdict.Answer.SECOND).map(CriticVerdict.Flag::type)
                .collect(Collectors.toList());
    }

    CriticVerdict judge(String prompt, TaskType type, String first, String second) {
        return checker.judge(new CriticPair("c1", prompt, type, image(), first, second, SCENE));
    }

    static CriticImage image() {
        return CriticImage.of("0".repeat(64), "image/png", new byte[0]);
    }

    static Manifest.SceneObject object(int id, String label, String colour, String size, double cx, double cy) {
        double side = "large".equals(size) ? 26 : 11;
        return new Manifest.SceneObject(id, label, colour, size, List.of(cx - side / 2, cy - side / 2, side, side));
    }

    static Manifest.Relation rel(int subject, String predicate, int object) {
        return new Manifest.Relation(subject, predicate, object);
    }
}
