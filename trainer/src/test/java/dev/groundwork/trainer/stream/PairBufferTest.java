package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.groundwork.annotation.event.DatasetDeleted;
import dev.groundwork.annotation.event.DatasetEvent;
import dev.groundwork.annotation.event.DatasetRenamed;
import dev.groundwork.annotation.event.DisagreementResolved;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.trainer.stream.PairBuffer.Applied;
import dev.groundwork.trainer.stream.PairBuffer.Consumed;
import dev.groundwork.trainer.stream.PairBuffer.ConsumedDatasetChange;
import dev.groundwork.trainer.stream.PairBuffer.ConsumedResolution;
import dev.groundwork.trainer.stream.PairBuffer.Pair;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Votes and reviewers' resolutions in the trainer's pair buffer, without a broker. */
class PairBufferTest {

    private static final TopicPartition TP = new TopicPartition("groundwork.judgments.v1", 0);
    private static final long COMPARISON = 7;
    private static final JudgmentRecorded.ImageRef IMAGE =
            new JudgmentRecorded.ImageRef("c".repeat(64), JudgmentRecorded.imageUri("c".repeat(64)), "image/png", 80, 80);
    private static final JudgmentRecorded.ResponseRef A = new JudgmentRecorded.ResponseRef(11, "a", "m", null, "text of A");
    private static final JudgmentRecorded.ResponseRef B = new JudgmentRecorded.ResponseRef(12, "b", "m", null, "text of B");

    @TempDir Path tmp;
    private String url;
    private PairBuffer buffer;
    private long offset;

    @BeforeEach
    void open() {
        url = "jdbc:h2:file:" + tmp.resolve("pairs").toAbsolutePath();
        buffer = PairBuffer.open(url);
    }

    @AfterEach
    void close() {
        buffer.close();
    }

    private Consumed vote(long judgmentId, String judge, String verdict) {
        return vote(judgmentId, judge, verdict, null);
    }

    /** A judgment; with {@code supersedes}, the judge's correction of their judgment with that id. */
    private Consumed vote(long judgmentId, String judge, String verdict, Long supersedes) {
        String key = "k" + judgmentId;
        JudgmentRecorded e = new JudgmentRecorded(UUID.nameUUIDFromBytes(key.getBytes()).toString(), JudgmentRecorded.TYPE, 1,
                Instant.parse("2026-11-29T10:00:00Z"), judgmentId, key, COMPARISON, "demo", "s1-caption", "Describe the image.",
                "CAPTION", IMAGE, A, B, "HUMAN", judge, verdict, 1, List.of(), null, null, supersedes);
        return new Consumed(e, TP, offset++);
    }

    private ConsumedResolution resolution(long comparison, int revision, String verdict) {
        return resolution(comparison, "demo", revision, verdict);
    }

    private ConsumedResolution resolution(long comparison, String dataset, int revision, String verdict) {
        DisagreementResolved e = new DisagreementResolved(DisagreementResolved.eventId(comparison, revision),
                DisagreementResolved.TYPE, 1, Instant.parse("2026-11-29T11:00:00Z").plusSeconds(revision), comparison, revision,
                dataset, "s1-caption", "Describe the image.", "CAPTION", IMAGE, A, B, verdict, "reviewer-1", null);
        return new ConsumedResolution(e, TP, offset++);
    }

    private Consumed vote(long judgmentId, long comparison, String dataset, String judge, String verdict) {
        String key = "k" + judgmentId;
        JudgmentRecorded e = new JudgmentRecorded(UUID.nameUUIDFromBytes(key.getBytes()).toString(), JudgmentRecorded.TYPE, 1,
                Instant.parse("2026-11-29T10:00:00Z"), judgmentId, key, comparison, dataset, "item-" + comparison,
                "Describe the image.", "CAPTION", IMAGE, A, B, "HUMAN", judge, verdict, 1, List.of(), null, null);
        return new Consumed(e, TP, offset++);
    }

    private Applied change(DatasetEvent event) {
        return buffer.apply(List.of(), List.of(), List.of(new ConsumedDatasetChange(event, TP, offset++)), Map.of(TP, offset));
    }

    private static DatasetDeleted deleted(String dataset, long lastComparisonId) {
        return new DatasetDeleted(DatasetDeleted.eventId(41), DatasetDeleted.TYPE, 1, Instant.parse("2026-11-30T09:00:00Z"),
                41, dataset, lastComparisonId, 2, 3, "admin");
    }

    private Applied resolve(ConsumedResolution... resolutions) {
        return buffer.apply(List.of(), List.of(resolutions), Map.of(TP, offset));
    }

    private Pair onlyPair() {
        List<Pair> pairs = buffer.pairs(PreferencePolicy.DEFAULT);
        assertThat(pairs).hasSize(1);
        return pairs.get(0);
    }

    @Test
    void a_resolution_outranks_the_votes_and_the_highest_revision_wins() {
        buffer.apply(List.of(vote(1, "h1", "A"), vote(2, "h2", "A"), vote(3, "h3", "B")), Map.of(TP, offset));
        assertThat(onlyPair()).extracting(Pair::chosen, Pair::weight, Pair::decidedBy).containsExactly("text of A", 2.0 / 3, "HUMAN");

        assertThat(resolve(resolution(COMPARISON, 1, "B"))).isEqualTo(new Applied(1, 0));
        assertThat(onlyPair()).extracting(Pair::chosen, Pair::rejected, Pair::weight, Pair::decidedBy, Pair::votes)
                .containsExactly("text of B", "text of A", 1.0, "REVIEWER", 1);

        assertThat(resolve(resolution(COMPARISON, 1, "B"))).as("the same event again").isEqualTo(new Applied(0, 1));
        assertThat(resolve(resolution(COMPARISON, 3, "TIE"))).isEqualTo(new Applied(1, 0));
        assertThat(buffer.pairs(PreferencePolicy.DEFAULT)).isEmpty();
        assertThat(resolve(resolution(COMPARISON, 2, "A"))).as("an older revision arriving late").isEqualTo(new Applied(0, 1));
        assertThat(buffer.pairs(PreferencePolicy.DEFAULT)).isEmpty();
        assertThat(buffer.resolutions()).isEqualTo(1);
        assertThat(buffer.votes()).isEqualTo(3);
        assertThat(buffer.nextOffset(TP)).contains(offset);
    }

    @Test
    void within_one_poll_the_later_revision_wins_whatever_the_order() {
        assertThat(resolve(resolution(COMPARISON, 2, "A"), resolution(COMPARISON, 1, "B"))).isEqualTo(new Applied(1, 1));
        assertThat(onlyPair().chosen()).isEqualTo("text of A");
        assertThat(resolve(resolution(COMPARISON, 3, "B"), resolution(COMPARISON, 4, "BOTH_BAD"))).isEqualTo(new Applied(2, 0));
        assertThat(buffer.pairs(PreferencePolicy.DEFAULT)).isEmpty();
    }

    @Test
    void a_resolution_alone_builds_the_pair_from_its_own_content() {
        resolve(resolution(COMPARISON, 1, "B"));
        Pair p = onlyPair();
        assertThat(p).extracting(Pair::comparisonId, Pair::dataset, Pair::itemId, Pair::prompt, Pair::imageSha256, Pair::imageUri,
                Pair::chosen, Pair::rejected, Pair::decidedBy)
                .containsExactly(COMPARISON, "demo", "s1-caption", "Describe the image.", IMAGE.sha256(), IMAGE.uri(),
                        "text of B", "text of A", "REVIEWER");
        assertThat(buffer.votes()).isZero();
    }

    @Test
    void a_deleted_dataset_leaves_no_pairs_even_for_votes_that_arrive_after_the_deletion() {
        buffer.apply(List.of(vote(1, 20, "doomed", "h1", "A"), vote(2, 21, "doomed", "h1", "B"),
                vote(3, 30, "kept", "h1", "A")), List.of(), Map.of(TP, offset));
        resolve(resolution(21, "doomed", 1, "A"));
        assertThat(buffer.pairs(PreferencePolicy.DEFAULT)).extracting(Pair::dataset).containsExactly("doomed", "doomed", "kept");

        assertThat(change(deleted("doomed", 21))).isEqualTo(new Applied(1, 0));
        assertThat(buffer.pairs(PreferencePolicy.DEFAULT)).extracting(Pair::comparisonId).containsExactly(30L);
        assertThat(buffer.votes()).isEqualTo(1);
        assertThat(buffer.resolutions()).isZero();
        assertThat(buffer.datasetDeletions()).isEqualTo(1);
        assertThat(buffer.nextOffset(TP)).contains(offset);

        // A vote of the deleted dataset read later (another partition lagged) is dropped too; a new dataset that
        // took the same name has higher comparison ids and keeps its pairs.
        buffer.apply(List.of(vote(4, 20, "doomed", "h2", "A"), vote(5, 22, "doomed", "h1", "A")), List.of(), Map.of(TP, offset));
        assertThat(buffer.pairs(PreferencePolicy.DEFAULT)).extracting(Pair::comparisonId).containsExactly(22L, 30L);
        assertThat(change(deleted("doomed", 21))).as("the same event again").isEqualTo(new Applied(0, 1));
        assertThat(buffer.pairsTouched(PreferencePolicy.DEFAULT, Optional.of("doomed"), Map.of(), Map.of(TP, offset)))
                .extracting(Pair::comparisonId).containsExactly(22L);
    }

    @Test
    void a_renamed_dataset_keeps_its_pairs_under_the_new_name() {
        buffer.apply(List.of(vote(1, 20, "old", "h1", "A"), vote(2, 30, "other", "h1", "A")), List.of(), Map.of(TP, offset));
        change(new DatasetRenamed(DatasetRenamed.newEventId(), DatasetRenamed.TYPE, 1, Instant.parse("2026-11-30T09:00:00Z"),
                41, "old", "new", 21, "admin"));
        buffer.apply(List.of(vote(3, 21, "old", "h1", "B")), List.of(), Map.of(TP, offset));
        assertThat(buffer.pairs(PreferencePolicy.DEFAULT)).extracting(Pair::comparisonId, Pair::dataset)
                .containsExactly(tuple(20L, "new"), tuple(21L, "new"), tuple(30L, "other"));
        assertThat(buffer.pairsTouched(PreferencePolicy.DEFAULT, Optional.of("new"), Map.of(), Map.of(TP, offset)))
                .extracting(Pair::comparisonId).containsExactly(20L, 21L);
    }

    @Test
    void a_buffer_written_before_resolutions_existed_opens_with_its_votes() throws Exception {
        buffer.apply(List.of(vote(1, "h1", "A")), Map.of(TP, offset));
        buffer.close();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("drop table resolution");
        }
        buffer = PairBuffer.open(url);
        assertThat(buffer.resolutions()).isZero();
        assertThat(onlyPair().chosen()).isEqualTo("text of A");
        resolve(resolution(COMPARISON, 1, "B"));
        assertThat(onlyPair().chosen()).isEqualTo("text of B");
    }

    @Test
    void a_correction_replaces_the_judges_earlier_vote_in_the_pair() {
        buffer.apply(List.of(vote(1, "h1", "A"), vote(2, "h2", "A"), vote(3, "h3", "B")), Map.of(TP, offset));
        assertThat(onlyPair()).extracting(Pair::chosen, Pair::weight, Pair::votes).containsExactly("text of A", 2.0 / 3, 3);

        // h2 changes A to B: now B has two of three votes.
        assertThat(buffer.apply(List.of(vote(4, "h2", "B", 2L)), Map.of(TP, offset))).isEqualTo(new Applied(1, 0));
        assertThat(onlyPair()).extracting(Pair::chosen, Pair::rejected, Pair::weight, Pair::votes, Pair::decidedBy)
                .containsExactly("text of B", "text of A", 2.0 / 3, 3, "HUMAN");
        assertThat(buffer.apply(List.of(vote(4, "h2", "B", 2L)), Map.of(TP, offset))).as("the correction again")
                .isEqualTo(new Applied(0, 1));
        // h3 corrects B to TIE, then the tie to A: only the latest counts, so A wins 2 of 3.
        buffer.apply(List.of(vote(5, "h3", "TIE", 3L), vote(6, "h3", "A", 5L)), Map.of(TP, offset));
        assertThat(onlyPair()).extracting(Pair::chosen, Pair::weight, Pair::votes).containsExactly("text of A", 2.0 / 3, 3);
        assertThat(buffer.votes()).as("every vote stays stored").isEqualTo(6);
    }

    @Test
    void a_round_sees_a_correction_only_once_its_offset_is_inside_the_round() {
        buffer.apply(List.of(vote(1, "h1", "A")), Map.of(TP, offset));
        long end = offset;
        buffer.apply(List.of(vote(2, "h1", "B", 1L)), Map.of(TP, offset));
        assertThat(buffer.pairsTouched(PreferencePolicy.DEFAULT, Optional.empty(), Map.of(), Map.of(TP, end)))
                .extracting(Pair::chosen).containsExactly("text of A");
        assertThat(buffer.pairsTouched(PreferencePolicy.DEFAULT, Optional.empty(), Map.of(TP, end), Map.of(TP, offset)))
                .as("the next round: the correction touches the comparison").extracting(Pair::chosen).containsExactly("text of B");
        assertThat(onlyPair().chosen()).isEqualTo("text of B");
    }

    @Test
    void a_buffer_written_before_corrections_existed_opens_and_takes_them() throws Exception {
        buffer.apply(List.of(vote(1, "h1", "A")), Map.of(TP, offset));
        buffer.close();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("alter table judgment_vote drop column supersedes");
        }
        buffer = PairBuffer.open(url);
        assertThat(onlyPair().chosen()).isEqualTo("text of A");
        buffer.apply(List.of(vote(2, "h1", "B", 1L)), Map.of(TP, offset));
        assertThat(onlyPair().chosen()).isEqualTo("text of B");
    }

    @Test
    void a_stored_offset_never_moves_back_so_a_late_batch_of_a_stalled_member_changes_nothing() {
        Consumed first = vote(1, "ann1", "A");
        Consumed second = vote(2, "ann2", "A");
        buffer.apply(List.of(first, second), Map.of(TP, 2L));
        // The member the partition was taken from finishes its older batch late: a duplicate and an older offset.
        Applied late = buffer.apply(List.of(first), Map.of(TP, 1L));
        assertThat(late).isEqualTo(new Applied(0, 1));
        assertThat(buffer.nextOffset(TP)).contains(2L);
        assertThat(buffer.votes()).isEqualTo(2);
    }

    @Test
    void members_sharing_one_buffer_take_turns_and_store_each_vote_once() throws Exception {
        List<Consumed> votes = new java.util.ArrayList<>();
        for (long id = 1; id <= 400; id++) {
            votes.add(vote(id, "ann" + id, "A"));
        }
        try (PairBuffer other = PairBuffer.open(url)) {
            // Both members store every vote, in batches, at the same time: as two members would after a takeover race.
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<Integer>> stored = new java.util.ArrayList<>();
            for (PairBuffer member : List.of(buffer, other)) {
                stored.add(pool.submit(() -> {
                    int n = 0;
                    for (int from = 0; from < votes.size(); from += 20) {
                        n += member.apply(votes.subList(from, from + 20), Map.of(TP, (long) from + 20)).stored();
                    }
                    return n;
                }));
            }
            int total = stored.get(0).get() + stored.get(1).get();
            pool.shutdown();
            assertThat(total).isEqualTo(400);
            assertThat(other.votes()).isEqualTo(400);
            assertThat(other.judgmentCounts().values()).containsOnly(1);
            assertThat(other.nextOffset(TP)).contains(400L);
        }
    }

    private Consumed judged(long judgmentId, String kind, String judge, String verdict) {
        String key = "k" + judgmentId;
        JudgmentRecorded e = new JudgmentRecorded(UUID.nameUUIDFromBytes(key.getBytes()).toString(), JudgmentRecorded.TYPE, 1,
                Instant.parse("2026-11-29T10:00:00Z"), judgmentId, key, COMPARISON, "demo", "s1-caption", "Describe the image.",
                "CAPTION", IMAGE, A, B, kind, judge, verdict, 1, List.of(), null, null);
        return new Consumed(e, TP, offset++);
    }

    @Test
    void a_pair_names_the_judges_whose_votes_decided_it_and_not_the_outranked_critic() {
        buffer.apply(List.of(judged(1, "HUMAN", "h1", "A"), judged(2, "HUMAN", "h2", "A"), judged(3, "CRITIC", "claims", "B"),
                judged(4, "HUMAN", "h1", "A")), Map.of(TP, offset));
        assertThat(onlyPair().judges()).as("h1 voted twice, and counts once")
                .containsExactly(new PairBuffer.Judge("HUMAN", "h1"), new PairBuffer.Judge("HUMAN", "h2"));
    }

    @Test
    void a_critic_only_pair_names_the_critic_and_a_resolved_pair_the_reviewer() {
        buffer.apply(List.of(judged(1, "CRITIC", "claims", "A")), Map.of(TP, offset));
        assertThat(buffer.pairs(new PreferencePolicy(true))).singleElement()
                .extracting(Pair::judges).isEqualTo(List.of(new PairBuffer.Judge("CRITIC", "claims")));

        resolve(resolution(COMPARISON, 1, "B"));
        assertThat(onlyPair().judges()).containsExactly(new PairBuffer.Judge("REVIEWER", "reviewer-1"));
        assertThat(buffer.pairsTouched(PreferencePolicy.DEFAULT, Optional.empty(), Map.of(), Map.of(TP, offset)))
                .singleElement().extracting(Pair::judges).isEqualTo(List.of(new PairBuffer.Judge("REVIEWER", "reviewer-1")));
    }
}
