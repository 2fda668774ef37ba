package dev.groundwork.annotation.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.TestAnnotationApplication;
import dev.groundwork.annotation.agreement.AgreementService;
import dev.groundwork.annotation.review.ReviewService.QueueFilter;
import dev.groundwork.annotation.review.ReviewService.Resolved;
import dev.groundwork.annotation.support.JudgedDataset;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.judgment.VoteTallies;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The vote tallies folded in step by step, with reads between the steps and corrections that change a comparison's
 * kinds and decision, end where tallies computed once from all judgments end: the same queue and the same agreement
 * figures. A wrong delta (a pair or profile not subtracted when a comparison is recomputed) shows as a difference.
 */
@SpringBootTest(classes = TestAnnotationApplication.class, properties = "groundwork.test.fixture=vote-tallies")
class VoteTalliesTest {

    private static final String DATASET = "tally-world";

    @Autowired ApplicationContext context;
    @Autowired ReviewService review;
    @Autowired AgreementService agreement;
    @Autowired VoteTallies tallies;
    @Autowired JdbcTemplate jdbc;
    @TempDir Path tmp;

    private record Snapshot(List<Long> queue, List<Long> humanCritic, List<Long> byJudge, String report,
            String withCritic, String perCritic) {}

    private Snapshot read() {
        QueueFilter all = QueueFilter.unresolved().with(Resolved.ANY);
        return new Snapshot(review.queueIds(all),
                review.queueIds(new QueueFilter(all.dataset(), all.text(), all.judge(),
                        java.util.Optional.of(ReviewService.Kind.HUMAN_CRITIC), all.tag(), Resolved.ANY)),
                review.queueIds(new QueueFilter(all.dataset(), all.text(), java.util.Optional.of("t-2"), all.kind(),
                        all.tag(), Resolved.ANY)),
                agreement.forDataset(DATASET).toString(), agreement.criticAgreement(DATASET).toString(),
                agreement.criticSummary(DATASET).toString());
    }

    @Test
    void tallies_folded_in_steps_equal_tallies_computed_once() throws Exception {
        JudgedDataset data = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("w"), DATASET, 6,
                List.of("t-1", "t-2", "t-3"));
        data.human(0, "t-1", Verdict.A).human(0, "t-2", Verdict.A).critic(0, "critic-x", Verdict.B);
        data.human(1, "t-1", Verdict.B).human(1, "t-2", Verdict.A);
        Snapshot first = read();
        assertThat(first.queue()).containsExactly(data.comparison(0), data.comparison(1));
        data.human(1, "t-3", Verdict.B).critic(1, "critic-x", Verdict.B).human(2, "t-1", Verdict.TIE);
        read();
        // Corrections: comparison 0 becomes a human-human disagreement with no decision, comparison 1 agrees.
        data.correct(0, "t-2", Verdict.B).correct(1, "t-2", Verdict.B).critic(2, "critic-x", Verdict.TIE);
        read();
        data.human(2, "t-2", Verdict.BOTH_BAD).correct(2, "t-1", Verdict.BOTH_BAD).correct(0, "t-2", Verdict.TIE);
        Snapshot stepwise = read();
        assertThat(stepwise.queue()).contains(data.comparison(0)).doesNotContain(data.comparison(1));

        // Start over: no tallies, every judgment untallied, one fold.
        for (String table : List.of("current_vote", "comparison_tally", "vote_pair_tally", "critic_decision_tally",
                "vote_profile_tally", "vote_judge")) {
            jdbc.update("delete from " + table);
        }
        jdbc.update("update judgment set tallied = false");
        assertThat(tallies.catchUp()).isEqualTo(3);
        assertThat(read()).isEqualTo(stepwise);
    }
}
