package dev.groundwork.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.CheckpointSaved.JudgeCount;
import dev.groundwork.annotation.event.DisagreementResolved;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.trainer.stream.PairBuffer;
import dev.groundwork.trainer.stream.PairBuffer.Consumed;
import dev.groundwork.trainer.stream.PairBuffer.ConsumedResolution;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.Provenance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A round's pairs from the pair buffer, with the judges who decided them (the checkpoint's lineage). */
class BufferPreferencesTest {

    private static final TopicPartition TP = new TopicPartition("groundwork.judgments.v1", 0);
    private static final JudgmentRecorded.ImageRef IMAGE =
            new JudgmentRecorded.ImageRef("c".repeat(64), JudgmentRecorded.imageUri("c".repeat(64)), "image/png", 80, 80);
    private static final JudgmentRecorded.ResponseRef A = new JudgmentRecorded.ResponseRef(11, "a", "m", null, "text of A");
    private static final JudgmentRecorded.ResponseRef B = new JudgmentRecorded.ResponseRef(12, "b", "m", null, "text of B");
    /** The comparison whose image cannot be had: its pair is not trained on, so its judges are not credited. */
    private static final long NO_IMAGE = 5;

    @TempDir Path tmp;
    private PairBuffer buffer;
    private long offset;
    private long judgmentId;

    @BeforeEach
    void open() {
        buffer = PairBuffer.open("jdbc:h2:file:" + tmp.resolve("pairs").toAbsolutePath());
    }

    @AfterEach
    void close() {
        buffer.close();
    }

    private Consumed vote(long comparison, String kind, String judge, String verdict) {
        String key = "k" + ++judgmentId;
        return new Consumed(new JudgmentRecorded(UUID.nameUUIDFromBytes(key.getBytes()).toString(), JudgmentRecorded.TYPE, 1,
                Instant.parse("2026-11-29T10:00:00Z"), judgmentId, key, comparison, "demo", "item-" + comparison,
                "Describe the image.", "CAPTION", IMAGE, A, B, kind, judge, verdict, 1, List.of(), null, null), TP, offset++);
    }

    private ConsumedResolution resolution(long comparison, String verdict) {
        return new ConsumedResolution(new DisagreementResolved(DisagreementResolved.eventId(comparison, 1),
                DisagreementResolved.TYPE, 1, Instant.parse("2026-11-29T11:00:00Z"), comparison, 1, "demo",
                "item-" + comparison, "Describe the image.", "CAPTION", IMAGE, A, B, verdict, "reviewer-1", null), TP, offset++);
    }

    private static final PairImages IMAGES = pair -> pair.comparisonId() == NO_IMAGE ? Optional.empty()
            : Optional.of(new Picture(1, 1, new float[3]));

    @Test
    void the_set_credits_each_judge_with_the_trained_pairs_they_decided() {
        List<Consumed> votes = new ArrayList<>(List.of(
                vote(1, "HUMAN", "alice", "A"), vote(1, "HUMAN", "bob", "A"), vote(1, "CRITIC", "claims", "B"),
                vote(2, "HUMAN", "alice", "B"),
                vote(3, "CRITIC", "claims", "A"),
                vote(4, "HUMAN", "bob", "A"), vote(4, "HUMAN", "carol", "B"),
                vote(NO_IMAGE, "HUMAN", "alice", "A"), vote(NO_IMAGE, "HUMAN", "dave", "A")));
        List<ConsumedResolution> resolutions = List.of(resolution(4, "B"));
        buffer.apply(votes, resolutions, Map.of(TP, offset));

        BufferPreferences source = new BufferPreferences(buffer, new PreferencePolicy(true), Optional.empty(), Map.of(),
                buffer.offsets(), IMAGES);
        PreferenceSet set = source.preferences();

        assertThat(set.train()).hasSize(4);
        assertThat(set.judges()).containsExactly(new JudgeCount("HUMAN", "alice", 2), new JudgeCount("HUMAN", "bob", 1),
                new JudgeCount("CRITIC", "claims", 1), new JudgeCount("REVIEWER", "reviewer-1", 1));
    }

    @Test
    void without_critic_only_pairs_the_critic_is_credited_with_nothing() {
        buffer.apply(List.of(vote(1, "HUMAN", "alice", "A"), vote(3, "CRITIC", "claims", "A")), Map.of(TP, offset));
        PreferenceSet set = new BufferPreferences(buffer, PreferencePolicy.DEFAULT, Optional.empty(), Map.of(),
                buffer.offsets(), IMAGES).preferences();
        assertThat(set.judges()).containsExactly(new JudgeCount("HUMAN", "alice", 1));
    }

    @Test
    void a_provenance_file_written_before_judges_were_recorded_reads_with_none() {
        String old = """
                {"objective":"dpo","hyperParameters":{},"seed":1,"dataset":"judgment stream","codeVersion":"dev",
                 "device":"cpu","offsetRanges":[{"topic":"groundwork.judgments.v1","partition":0,"fromOffset":0,"toOffset":9}],
                 "pairs":4,"policy":"policy-v3","round":1,"parent":""}""";
        Provenance read = Provenance.fromJson(old);
        assertThat(read.judges()).isEmpty();
        assertThat(read.pairs()).isEqualTo(4);
        Provenance withJudges = new Provenance("dpo", Map.of(), 1, "d", "dev", "cpu", read.offsetRanges(), 4, "policy-v3", 1,
                "", List.of(new JudgeCount("HUMAN", "alice", 4)));
        assertThat(Provenance.fromJson(withJudges.toJson())).isEqualTo(withJudges);
    }
}
