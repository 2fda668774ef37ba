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
import org.springframework.transaction.PlatformTransactionManager;

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
    @Autowired PlatformTransactionManager transactionManager;
    @TempDir Path tmp;

    private record Snapshot(List<Long> queue, List<Long> humanCritic, List<Long> byJudge, String report,
            String withCritic, String perCritic) {}

    private Snapshot read() {
        return read(DATASET);
    }

    private Snapshot read(String dataset) {
        QueueFilter all = QueueFilter.unresolved().with(Resolved.ANY);
        return new Snapshot(review.queueIds(all),
                review.queueIds(new QueueFilter(all.dataset(), all.text(), all.judge(),
                        java.util.Optional.of(ReviewService.Kind.HUMAN_CRITIC), all.tag(), Resolved.ANY)),
                review.queueIds(new QueueFilter(all.dataset(), all.text(), java.util.Optional.of("t-2"), all.kind(),
                        all.tag(), Resolved.ANY)),
                agreement.forDataset(dataset).toString(), agreement.criticAgreement(dataset).toString(),
                agreement.criticSummary(dataset).toString());
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
        startOver(DATASET);
        assertThat(tallies.catchUp()).isEqualTo(3);
        assertThat(read()).isEqualTo(stepwise);
    }

    @Test
    void a_read_leaves_a_long_tail_to_the_rounds_and_rounds_that_split_a_comparison_end_where_one_fold_ends()
            throws Exception {
        tallies.catchUp();
        JudgedDataset data = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("r"), "tally-rounds",
                4, List.of("r-1", "r-2", "r-3"));
        // Rounds of 2 judgments; a read folds at most 3 itself.
        VoteTallies small = new VoteTallies(jdbc, transactionManager, 2, 3);
        data.human(0, "r-1", Verdict.A).human(0, "r-2", Verdict.B).human(0, "r-3", Verdict.B)
                .critic(0, "critic-x", Verdict.A).human(1, "r-1", Verdict.TIE);
        assertThat(small.catchUpRecent()).as("more than 3 waiting: left to the background").isEqualTo(4);
        assertThat(untallied()).isEqualTo(5);
        long version = small.version();
        assertThat(small.foldRound()).as("two of comparison 0's four judgments")
                .isEqualTo(new VoteTallies.Round(2, 1, true));
        assertThat(small.version()).isEqualTo(version + 1);
        assertThat(small.catchUpRecent()).as("3 left: the read folds them").isZero();
        assertThat(untallied()).isZero();
        assertThat(small.foldRound()).isEqualTo(new VoteTallies.Round(0, 0, false));
        Snapshot inRounds = read("tally-rounds");
        assertThat(inRounds.queue()).contains(data.comparison(0));

        startOver("tally-rounds");
        tallies.catchUp();
        assertThat(read("tally-rounds")).isEqualTo(inRounds);
    }

    /** No tallies of the dataset, each of its judgments untallied. */
    private void startOver(String dataset) {
        long id = jdbc.queryForObject("select id from dataset where name = ?", Long.class, dataset);
        for (String table : List.of("current_vote", "comparison_tally", "vote_pair_tally", "critic_decision_tally",
                "vote_profile_tally", "vote_judge")) {
            jdbc.update("delete from " + table + " where dataset_id = ?", id);
        }
        jdbc.update("update judgment set tallied = false where comparison_id in (select c.id from comparison c"
                + " join item i on i.id = c.item_id where i.dataset_id = ?)", id);
    }

    private long untallied() {
        Long n = jdbc.queryForObject("select count(*) from judgment where tallied = false", Long.class);
        return n == null ? 0 : n;
    }
}
