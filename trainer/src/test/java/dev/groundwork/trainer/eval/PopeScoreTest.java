package dev.groundwork.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Eight probes, read both ways. POPE's own rule (text before the first '.', commas removed, split on spaces; "No",
 * "no" or "not" among the words means no):
 * <pre>
 *   q1 yes  "Yes, there is a star."                    compat yes  TP   strict yes  TP
 *   q2 no   "No, there is not a circle in the image."  compat no   TN   strict no   TN
 *   q3 no   "There is no square in the image."         compat no   TN   strict ?  (first word "There")
 *   q4 yes  "I cannot tell."                           compat yes  TP   strict ?  ("cannot" is not "not")
 *   q5 no   "yes"                                      compat yes  FP   strict yes  FP
 *   q6 yes  "no."                                      compat no   FN   strict no   FN
 *   q7 no   "Not at all, it is a ring."                compat yes  FP   strict ?  ("Not" is not in POPE's list)
 *   q8 no   "There is no doubt. Yes."                  compat no   TN   strict ?  (only the first sentence counts)
 * </pre>
 * compat: TP 2, TN 3, FP 2, FN 1: accuracy 5/8 = 0.625, precision 2/4 = 0.5, recall 2/3, F1 = 2·0.5·(2/3)/(0.5+2/3)
 * = 4/7 = 0.5714286, yes-ratio 4/8 = 0.5. strict: TP 1, TN 1, FP 1, FN 1, unparseable q3 q4 q7 q8: accuracy 2/8 =
 * 0.25 (unparseable count wrong), precision 1/2, recall 1/2, F1 0.5, yes-ratio 2/8 = 0.25.
 */
class PopeScoreTest {

    static final List<PopeScore.Probe> PROBES = List.of(
            new PopeScore.Probe("q1", true, "Yes, there is a star."),
            new PopeScore.Probe("q2", false, "No, there is not a circle in the image."),
            new PopeScore.Probe("q3", false, "There is no square in the image."),
            new PopeScore.Probe("q4", true, "I cannot tell."),
            new PopeScore.Probe("q5", false, "yes"),
            new PopeScore.Probe("q6", true, "no."),
            new PopeScore.Probe("q7", false, "Not at all, it is a ring."),
            new PopeScore.Probe("q8", false, "There is no doubt. Yes."));

    @Test
    void pope_compat_mode_gives_the_numbers_of_popes_own_rule() {
        PopeScore s = PopeScore.of(PROBES, YesNo.POPE_COMPAT);
        assertThat(s.truePositives()).isEqualTo(2);
        assertThat(s.trueNegatives()).isEqualTo(3);
        assertThat(s.falsePositives()).isEqualTo(2);
        assertThat(s.falseNegatives()).isEqualTo(1);
        assertThat(s.unparseable()).isEmpty();
        assertThat(s.accuracy()).isEqualTo(0.625);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.f1()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(s.yesRatio()).isEqualTo(0.5);
    }

    @Test
    void strict_mode_counts_unparseable_answers_wrong_and_leaves_them_out_of_f1() {
        PopeScore s = PopeScore.of(PROBES, YesNo.STRICT);
        assertThat(s.unparseable()).containsExactly("q3", "q4", "q7", "q8");
        assertThat(s.accuracy()).isEqualTo(0.25);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.f1()).isEqualTo(0.5);
        assertThat(s.yesRatio()).isEqualTo(0.25);
        assertThat(s.metrics("adversarial")).containsEntry("pope_f1_score_adversarial", 0.5)
                .containsEntry("pope_yes_ratio_adversarial", 0.25).containsEntry("pope_unparseable_adversarial", 4.0);
    }

    @Test
    void the_strict_reader_takes_only_a_first_word_yes_or_no() {
        assertThat(YesNo.STRICT.read("Yes")).contains(true);
        assertThat(YesNo.STRICT.read("  NO, there is not…")).contains(false);
        assertThat(YesNo.STRICT.read("yes-ish")).contains(true);
        assertThat(YesNo.STRICT.read("Yesterday it was")).isEmpty();
        assertThat(YesNo.STRICT.read("There is no…")).isEmpty();
        assertThat(YesNo.POPE_COMPAT.read("There is no…")).as("POPE's split keeps 'no…' as one word").contains(true);
        assertThat(YesNo.POPE_COMPAT.read("There is no star")).contains(false);
    }
}
