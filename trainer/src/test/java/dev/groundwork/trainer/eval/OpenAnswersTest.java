package dev.groundwork.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.trainer.eval.OpenAnswers.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Answers to the world's open questions, read by hand:
 * <pre>
 *   attribute, reference red
 *     "The circle is red."             red          correct
 *     "RED!"                           red          correct
 *     "The circle is blue."            blue         hallucinated
 *     "It is pink."                    pink         hallucinated (not a world colour, still a colour claim)
 *     "Red or blue."                   two colours  unparseable
 *     "A circle."                      no colour    unparseable
 *   count, reference 3
 *     "There are 3 crosses."           3            correct
 *     "three"                          3            correct
 *     "There are 2 crosses."           2            hallucinated
 *     "There are no crosses."          0            hallucinated
 *     "2 or 3"                         two numbers  unparseable
 *     "Some."                          no number    unparseable
 *   relation "Is the red circle left or right of the blue square?", reference left_of
 *     "The red circle is to the left of the blue square."   left_of            correct
 *     "Left."                                               left_of            correct
 *     "The blue square is to the right of the red circle."  right_of, B first  -> left_of  correct
 *     "The red circle is to the right of the blue square."  right_of           hallucinated
 *     "It is above it."                                     off the axis       unparseable
 *     "Yes."                                                none               unparseable
 * </pre>
 * Tallies: attribute 2 correct, 2 hallucinated, 2 unparseable: rate 2/4 = 0.5; count 2, 2, 2: 0.5; relation 3, 1, 2:
 * 1/4 = 0.25.
 */
class OpenAnswersTest {

    static final String PROMPT = "Is the red circle left or right of the blue square?";

    @Test
    void attribute_answers_are_read_as_the_one_colour_they_name() {
        assertThat(OpenAnswers.attribute("The circle is red.", "red"))
                .isEqualTo(new OpenAnswers.Reading(Verdict.CORRECT, Optional.of("red")));
        assertThat(OpenAnswers.attribute("RED!", "red").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(OpenAnswers.attribute("The circle is blue.", "red"))
                .isEqualTo(new OpenAnswers.Reading(Verdict.HALLUCINATED, Optional.of("blue")));
        assertThat(OpenAnswers.attribute("It is pink.", "red").verdict()).isEqualTo(Verdict.HALLUCINATED);
        assertThat(OpenAnswers.attribute("Red or blue.", "red").verdict()).isEqualTo(Verdict.UNPARSEABLE);
        assertThat(OpenAnswers.attribute("A circle.", "red"))
                .isEqualTo(new OpenAnswers.Reading(Verdict.UNPARSEABLE, Optional.empty()));
        assertThat(OpenAnswers.attribute("It is big.", "large").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(OpenAnswers.attribute("A small red one.", "large").verdict()).isEqualTo(Verdict.HALLUCINATED);
    }

    @Test
    void count_answers_are_read_as_the_one_number_they_state() {
        assertThat(OpenAnswers.count("There are 3 crosses.", "3").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(OpenAnswers.count("three", "3").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(OpenAnswers.count("There are 2 crosses.", "3"))
                .isEqualTo(new OpenAnswers.Reading(Verdict.HALLUCINATED, Optional.of("2")));
        assertThat(OpenAnswers.count("There are no crosses.", "3").read()).contains("0");
        assertThat(OpenAnswers.count("2 or 3", "3").verdict()).isEqualTo(Verdict.UNPARSEABLE);
        assertThat(OpenAnswers.count("Some.", "3").verdict()).isEqualTo(Verdict.UNPARSEABLE);
        assertThat(OpenAnswers.count("There is 1 circle.", "1").verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void relation_answers_are_read_on_the_questions_axis_and_turned_round_when_the_objects_are() {
        assertThat(OpenAnswers.relation(PROMPT, "The red circle is to the left of the blue square.", "left_of"))
                .isEqualTo(new OpenAnswers.Reading(Verdict.CORRECT, Optional.of("left_of")));
        assertThat(OpenAnswers.relation(PROMPT, "Left.", "left_of").verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(OpenAnswers.relation(PROMPT, "The blue square is to the right of the red circle.", "left_of"))
                .isEqualTo(new OpenAnswers.Reading(Verdict.CORRECT, Optional.of("left_of")));
        assertThat(OpenAnswers.relation(PROMPT, "The red circle is to the right of the blue square.", "left_of"))
                .isEqualTo(new OpenAnswers.Reading(Verdict.HALLUCINATED, Optional.of("right_of")));
        assertThat(OpenAnswers.relation(PROMPT, "It is above it.", "left_of").verdict()).isEqualTo(Verdict.UNPARSEABLE);
        assertThat(OpenAnswers.relation(PROMPT, "Yes.", "left_of").verdict()).isEqualTo(Verdict.UNPARSEABLE);
        assertThat(OpenAnswers.relation("Is the green star above or below the red ring?",
                "The green star is under the red ring.", "below").verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void rates_are_hallucinated_over_answered_with_unparseable_counted_apart() {
        QuestionScore s = new QuestionScore();
        for (String a : new String[] {"The circle is red.", "RED!", "The circle is blue.", "It is pink.", "Red or blue.",
                "A circle."}) {
            s.add(QuestionScore.Kind.ATTRIBUTE_COLOUR, OpenAnswers.attribute(a, "red").verdict());
        }
        for (String a : new String[] {"There are 3 crosses.", "three", "There are 2 crosses.", "There are no crosses.",
                "2 or 3", "Some."}) {
            s.add(QuestionScore.Kind.COUNT, OpenAnswers.count(a, "3").verdict());
        }
        for (String a : new String[] {"The red circle is to the left of the blue square.", "Left.",
                "The blue square is to the right of the red circle.", "The red circle is to the right of the blue square.",
                "It is above it.", "Yes."}) {
            s.add(QuestionScore.Kind.RELATION, OpenAnswers.relation(PROMPT, a, "left_of").verdict());
        }
        assertThat(s.metrics()).containsEntry("attribute_hallucination_rate", 0.5)
                .containsEntry("attribute_answered", 4.0).containsEntry("attribute_unparseable", 2.0)
                .containsEntry("attribute_colour_hallucination_rate", 0.5)
                .containsEntry("count_hallucination_rate", 0.5)
                .containsEntry("relation_hallucination_rate", 0.25).containsEntry("relation_unparseable", 2.0)
                .doesNotContainKey("attribute_size_hallucination_rate");
        assertThat(s.tally(QuestionScore.Kind.RELATION).rate()).isCloseTo(0.25, within(1e-12));
    }
}
