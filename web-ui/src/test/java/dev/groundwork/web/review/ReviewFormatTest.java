package dev.groundwork.web.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.review.ReviewService.Kind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.web.security.PersonNames;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ReviewFormatTest {

    @Test
    void verdicts_are_summarised_in_judgment_order_with_judge_names() {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        verdicts.put("judge", Verdict.A);
        verdicts.put("judge2", Verdict.B);
        verdicts.put("critic-1", Verdict.BOTH_BAD);
        assertThat(ReviewFormat.verdicts(verdicts, id -> id)).isEqualTo("judge: A, judge2: B, critic-1: BOTH_BAD");
        assertThat(ReviewFormat.verdicts(verdicts, id -> id.startsWith("judge") ? id.toUpperCase() : id))
                .isEqualTo("JUDGE: A, JUDGE2: B, critic-1: BOTH_BAD");
        assertThat(ReviewFormat.verdicts(Map.of(), id -> id)).isEmpty();
    }

    @Test
    void kinds_durations_and_figures_read_as_text() {
        assertThat(ReviewFormat.kinds(EnumSet.of(Kind.HUMAN_CRITIC, Kind.HUMAN_HUMAN))).isEqualTo("human–human, human–critic");
        assertThat(ReviewFormat.kinds(EnumSet.of(Kind.HUMAN_CRITIC))).isEqualTo("human–critic");
        assertThat(ReviewFormat.timeSpent(null)).isEmpty();
        assertThat(ReviewFormat.timeSpent(850L)).isEqualTo("850 ms");
        assertThat(ReviewFormat.timeSpent(12_340L)).isEqualTo("12.3 s");
        assertThat(ReviewFormat.timeSpent(125_000L)).isEqualTo("2 min 05 s");
        assertThat(ReviewFormat.figure(OptionalDouble.of(0.2))).isEqualTo("0.200");
        assertThat(ReviewFormat.figure(OptionalDouble.of(-0.12345))).isEqualTo("-0.123");
        assertThat(ReviewFormat.figure(OptionalDouble.empty())).isEqualTo("–");
        assertThat(ReviewFormat.fraction(OptionalDouble.of(2.0 / 3), 3)).isEqualTo("66.7 % of 3");
        assertThat(ReviewFormat.fraction(OptionalDouble.empty(), 0)).isEqualTo("–");
        assertThat(ReviewFormat.strength(2)).isEqualTo("2 (strong)");
        assertThat(ReviewFormat.verdictLabel(Verdict.BOTH_BAD)).isEqualTo("Both bad");
    }

    @Test
    void a_known_subject_reads_as_name_and_subject_prefix_and_an_unknown_one_as_it_is() {
        String subject = "3f2a9c1e-0b7d-4d8e-9a51-6c2e1f0b9d47";
        assertThat(PersonNames.label(subject, Optional.of("Alice Example"), Optional.empty())).isEqualTo("Alice Example (3f2a9c1e…)");
        assertThat(PersonNames.label(subject, Optional.empty(), Optional.empty())).isEqualTo(subject);
        assertThat(PersonNames.label(subject, Optional.of("  "), Optional.empty())).isEqualTo(subject);
        assertThat(PersonNames.label("critic-1", Optional.of("critic-1"), Optional.empty())).isEqualTo("critic-1");
        assertThat(PersonNames.label("bob", Optional.of("Bob"), Optional.empty())).isEqualTo("Bob (bob)");
    }

    @Test
    void figures_from_fewer_than_thirty_shared_comparisons_are_a_small_sample() {
        assertThat(ReviewFormat.sample(29)).isEqualTo("n = 29, small sample");
        assertThat(ReviewFormat.sample(30)).isEqualTo("n = 30");
        assertThat(ReviewFormat.isSmall(0)).isTrue();
    }

    @Test
    void a_person_with_a_user_name_reads_as_display_name_and_user_name() {
        String subject = "a1583248-da10-4c43-9628-9736ea6e8270";
        assertThat(PersonNames.label(subject, Optional.of("Ada Annotator"), Optional.of("annotator1")))
                .isEqualTo("Ada Annotator (annotator1)");
        assertThat(PersonNames.label(subject, Optional.of("annotator1"), Optional.of("annotator1"))).isEqualTo("annotator1");
        assertThat(PersonNames.label(subject, Optional.of(subject), Optional.of("annotator1"))).isEqualTo("annotator1");
        assertThat(PersonNames.label("reviewer1", Optional.of("Rita Reviewer"), Optional.of("reviewer1")))
                .isEqualTo("Rita Reviewer (reviewer1)");
    }
}
