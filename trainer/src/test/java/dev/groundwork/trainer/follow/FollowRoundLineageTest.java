package dev.groundwork.trainer.follow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.CheckpointSaved;
import dev.groundwork.annotation.event.CheckpointSaved.JudgeCount;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.TrainingEvent;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.trainer.data.PairImages;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.run.ObjectiveSettings;
import dev.groundwork.trainer.run.Objectives;
import dev.groundwork.trainer.run.TrainingEventSink;
import dev.groundwork.trainer.stream.PairBuffer;
import dev.groundwork.trainer.stream.PairBuffer.Consumed;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.Provenance;
import dev.groundwork.trainer.train.TrainingOptions;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follow round (a tiny DPO model, one step on CPU, no broker) reports in its CheckpointSaved and writes into its
 * provenance.json who decided the pairs it trained on.
 */
class FollowRoundLineageTest {

    private static final TopicPartition TP = new TopicPartition("groundwork.judgments.v1", 0);
    private static final JudgmentRecorded.ImageRef IMAGE =
            new JudgmentRecorded.ImageRef("c".repeat(64), JudgmentRecorded.imageUri("c".repeat(64)), "image/png", 80, 80);

    @TempDir Path tmp;

    private long offset;

    private Consumed vote(long comparison, String kind, String judge, String verdict) {
        long id = offset + 1;
        String key = "k" + id;
        return new Consumed(new JudgmentRecorded(UUID.nameUUIDFromBytes(key.getBytes()).toString(), JudgmentRecorded.TYPE, 1,
                Instant.parse("2026-11-29T10:00:00Z"), id, key, comparison, "demo", "item-" + comparison, "what is it",
                "CAPTION", IMAGE, new JudgmentRecorded.ResponseRef(comparison * 10 + 1, "a", "m", null, "a red circle"),
                new JudgmentRecorded.ResponseRef(comparison * 10 + 2, "b", "m", null, "a blue star"), kind, judge, verdict, 1,
                List.of(), null, null), TP, offset++);
    }

    @Test
    void a_round_s_checkpoint_names_the_judges_of_its_pairs_in_its_event_and_its_provenance() throws Exception {
        VlmConfig config = VlmConfig.tiny();
        List<TrainingEvent> published = new ArrayList<>();
        TrainingEventSink sink = published::add;
        PairImages images = pair -> Optional.of(new Picture(config.imageSize(), config.imageSize(),
                new float[3 * config.imageSize() * config.imageSize()]));
        try (PairBuffer buffer = PairBuffer.open("jdbc:h2:file:" + tmp.resolve("pairs").toAbsolutePath())) {
            buffer.apply(List.of(vote(1, "HUMAN", "alice", "A"), vote(1, "HUMAN", "bob", "A"), vote(1, "CRITIC", "claims", "B"),
                    vote(2, "HUMAN", "alice", "B"), vote(3, "CRITIC", "claims", "A")), Map.of(TP, offset));
            FollowRounds.Settings settings = new FollowRounds.Settings("lineage", Objectives.byName("dpo").orElseThrow(),
                    new ObjectiveSettings(0.1, 0, "sigmoid", 0), config, TrainingOptions.defaults(), Optional.of(1), 1,
                    Optional.empty(), new PreferencePolicy(true), Optional.empty(), Map.of(), "test");
            FollowRounds rounds = new FollowRounds(settings, buffer, () -> true, images,
                    new ArtifactStore(tmp.resolve("artifacts")), sink, Clock.systemUTC(),
                    new PrintStream(OutputStream.nullOutputStream()));

            FollowRounds.Round round = rounds.roundIfReady(1).orElseThrow();

            List<JudgeCount> expected = List.of(new JudgeCount("HUMAN", "alice", 2), new JudgeCount("HUMAN", "bob", 1),
                    new JudgeCount("CRITIC", "claims", 1));
            CheckpointSaved saved = published.stream().filter(CheckpointSaved.class::isInstance).map(CheckpointSaved.class::cast)
                    .findFirst().orElseThrow();
            assertThat(saved.pairs()).isEqualTo(3);
            assertThat(saved.judges()).isEqualTo(expected);
            assertThat(Provenance.read(round.checkpoint()).judges()).isEqualTo(expected);
        }
    }
}
