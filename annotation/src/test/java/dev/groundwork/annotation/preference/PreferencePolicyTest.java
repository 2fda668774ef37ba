package dev.groundwork.annotation.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The rules of docs/events.md "Preference policy", one by one. */
class PreferencePolicyTest {

    private static Vote human(String judge, String verdict) {
        return new Vote("HUMAN", judge, verdict, 1);
    }

    private static Vote critic(String verdict) {
        return new Vote("CRITIC", "critic-1", verdict, 1);
    }

    private static final List<Vote> HUMANS_FOR_A = List.of(human("h1", "A"), human("h2", "A"), human("h3", "B"));

    @Test
    void a_human_majority_decides_with_the_agreement_as_weight() {
        Preference p = PreferencePolicy.DEFAULT.decide(HUMANS_FOR_A).orElseThrow();
        assertThat(p.winner()).isEqualTo("A");
        assertThat(p.weight()).isEqualTo(2.0 / 3);
        assertThat(p.decidedBy()).isEqualTo("HUMAN");
        assertThat(p.votes()).isEqualTo(3);
    }

    @Test
    void humans_outrank_the_critic_and_critic_only_pairs_need_permission() {
        assertThat(PreferencePolicy.DEFAULT.decide(List.of(human("h1", "B"), critic("A")))).get()
                .extracting(Preference::winner, Preference::decidedBy).containsExactly("B", "HUMAN");
        assertThat(PreferencePolicy.DEFAULT.decide(List.of(critic("A")))).isEmpty();
        assertThat(new PreferencePolicy(true).decide(List.of(critic("A")))).get()
                .extracting(Preference::winner, Preference::decidedBy).containsExactly("A", "CRITIC");
    }

    @Test
    void ties_both_bad_and_equal_counts_give_no_pair() {
        assertThat(PreferencePolicy.DEFAULT.decide(List.of(human("h1", "TIE"), human("h2", "BOTH_BAD")))).isEmpty();
        assertThat(PreferencePolicy.DEFAULT.decide(List.of(human("h1", "A"), human("h2", "B")))).isEmpty();
        assertThat(PreferencePolicy.DEFAULT.decide(List.of())).isEmpty();
    }

    @Test
    void a_resolution_overrides_a_contrary_human_majority_with_weight_one() {
        Preference p = PreferencePolicy.DEFAULT.decide(HUMANS_FOR_A, Optional.of("B")).orElseThrow();
        assertThat(p.winner()).isEqualTo("B");
        assertThat(p.loser()).isEqualTo("A");
        assertThat(p.weight()).isEqualTo(1.0);
        assertThat(p.decidedBy()).isEqualTo(PreferencePolicy.REVIEWER).isEqualTo("REVIEWER");
        assertThat(p.votes()).isEqualTo(1);
        assertThat(PreferencePolicy.DEFAULT.decide(HUMANS_FOR_A, Optional.of("A"))).get()
                .extracting(Preference::winner, Preference::weight, Preference::decidedBy).containsExactly("A", 1.0, "REVIEWER");
    }

    @Test
    void a_resolution_decides_even_without_votes_and_outranks_the_critic() {
        assertThat(PreferencePolicy.DEFAULT.decide(List.of(), Optional.of("A"))).get()
                .extracting(Preference::winner, Preference::decidedBy).containsExactly("A", "REVIEWER");
        assertThat(new PreferencePolicy(true).decide(List.of(critic("A"), critic("A")), Optional.of("B"))).get()
                .extracting(Preference::winner, Preference::decidedBy).containsExactly("B", "REVIEWER");
    }

    @Test
    void a_tie_or_both_bad_resolution_removes_the_pair() {
        assertThat(PreferencePolicy.DEFAULT.decide(HUMANS_FOR_A, Optional.of("TIE"))).isEmpty();
        assertThat(PreferencePolicy.DEFAULT.decide(HUMANS_FOR_A, Optional.of("BOTH_BAD"))).isEmpty();
        assertThat(new PreferencePolicy(true).decide(List.of(critic("A")), Optional.of("BOTH_BAD"))).isEmpty();
    }

    @Test
    void without_a_resolution_the_votes_decide_as_before() {
        assertThat(PreferencePolicy.DEFAULT.decide(HUMANS_FOR_A, Optional.empty()))
                .isEqualTo(PreferencePolicy.DEFAULT.decide(HUMANS_FOR_A));
        assertThat(new PreferencePolicy(true).decide(List.of(critic("B")), Optional.empty()))
                .isEqualTo(new PreferencePolicy(true).decide(List.of(critic("B"))));
    }

    @Test
    void an_unknown_resolution_verdict_is_refused() {
        assertThatThrownBy(() -> PreferencePolicy.DEFAULT.decide(HUMANS_FOR_A, Optional.of("MAYBE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAYBE");
    }

    @Test
    void the_policy_names_its_version_for_checkpoints() {
        assertThat(PreferencePolicy.DEFAULT.version()).isEqualTo(PreferencePolicy.VERSION).startsWith("policy-v3");
        assertThat(new PreferencePolicy(true).version()).isEqualTo(PreferencePolicy.VERSION);
    }

    private static Vote judged(long id, String judge, String verdict, long... supersedes) {
        return new Vote("HUMAN", judge, verdict, 1, id,
                supersedes.length == 0 ? OptionalLong.empty() : OptionalLong.of(supersedes[0]));
    }

    @Test
    void only_the_latest_of_a_judges_corrected_verdicts_counts_in_any_order() {
        List<Vote> votes = List.of(judged(1, "h1", "A"), judged(2, "h2", "A"), judged(3, "h3", "B"));
        assertThat(PreferencePolicy.DEFAULT.decide(votes)).get().extracting(Preference::winner).isEqualTo("A");
        // h2 corrects A to B, then B to TIE (listed out of order): A 1, B 1, tie 1 gives no pair.
        List<Vote> corrected = List.of(judged(5, "h2", "TIE", 4), judged(1, "h1", "A"), judged(4, "h2", "B", 2),
                judged(2, "h2", "A"), judged(3, "h3", "B"));
        assertThat(PreferencePolicy.current(corrected)).extracting(Vote::judgmentId).containsExactly(5L, 1L, 3L);
        assertThat(PreferencePolicy.DEFAULT.decide(corrected)).as("A 1, B 1, tie 1").isEmpty();
        List<Vote> toB = List.of(judged(1, "h1", "A"), judged(2, "h2", "A"), judged(3, "h3", "B"), judged(4, "h2", "B", 2));
        assertThat(PreferencePolicy.DEFAULT.decide(toB)).get()
                .extracting(Preference::winner, Preference::weight, Preference::votes).containsExactly("B", 2.0 / 3, 3);
    }

    @Test
    void a_resolution_still_outranks_a_corrected_vote() {
        List<Vote> votes = List.of(judged(1, "h1", "A"), judged(2, "h1", "B", 1));
        assertThat(PreferencePolicy.DEFAULT.decide(votes, Optional.of("A"))).get()
                .extracting(Preference::winner, Preference::decidedBy).containsExactly("A", PreferencePolicy.REVIEWER);
    }

    @Test
    void the_deciding_group_is_the_current_human_votes_else_the_critics_when_allowed() {
        Vote corrected = new Vote("HUMAN", "h2", "B", 1, 5, OptionalLong.empty());
        Vote correction = new Vote("HUMAN", "h2", "A", 1, 6, OptionalLong.of(5));
        assertThat(PreferencePolicy.DEFAULT.decidingGroup(List.of(human("h1", "A"), corrected, correction, critic("B"))))
                .containsExactly(human("h1", "A"), correction);
        assertThat(PreferencePolicy.DEFAULT.decidingGroup(List.of(critic("A")))).isEmpty();
        assertThat(new PreferencePolicy(true).decidingGroup(List.of(critic("A")))).containsExactly(critic("A"));
        assertThat(new PreferencePolicy(true).decide(List.of(critic("A"))).orElseThrow().votes())
                .isEqualTo(new PreferencePolicy(true).decidingGroup(List.of(critic("A"))).size());
    }
}
