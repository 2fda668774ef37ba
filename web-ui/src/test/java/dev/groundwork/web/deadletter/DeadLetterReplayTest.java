package dev.groundwork.web.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.critic.worker.CriticWorker;
import dev.groundwork.trainer.image.PairDeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which topic a dead letter goes back to, and which letters cannot be replayed and why. */
class DeadLetterReplayTest {

    private static final JudgmentRecorded.ImageRef IMAGE = new JudgmentRecorded.ImageRef("a".repeat(64),
            JudgmentRecorded.imageUri("a".repeat(64)), "image/png", 80, 80);
    private static final JudgmentRecorded.ResponseRef A = new JudgmentRecorded.ResponseRef(11, "faithful", "world-faithful",
            null, "A red circle.");
    private static final JudgmentRecorded.ResponseRef B = new JudgmentRecorded.ResponseRef(12, "object", "world-perturbed",
            null, "A red circle and a star.");

    static JudgmentRecorded judgment() {
        return new JudgmentRecorded("0b5c2d3e-1f2a-3b4c-8d5e-6f7a8b9c0d1e", JudgmentRecorded.TYPE, 1,
                Instant.parse("2026-11-29T10:00:00Z"), 7, "key-7", 3, "demo", "s1-caption", "Describe the image.", "CAPTION",
                IMAGE, A, B, "HUMAN", "alice", "A", 1, List.of(), null, 4000L);
    }

    static CriticRequested criticRequest() {
        return new CriticRequested("1c6d3e4f-2a3b-4c5d-9e6f-7a8b9c0d1e2f", CriticRequested.TYPE, 1,
                Instant.parse("2026-11-29T10:00:00Z"), "job-1", "claims", null, 3, "demo", "s1-caption",
                "Describe the image.", "CAPTION", IMAGE, A, B, null);
    }

    private static DeadLetterReplay.Plan plan(String source, String key, byte[] payload) {
        return DeadLetterReplay.plan(Optional.ofNullable(source), Optional.ofNullable(key), payload);
    }

    /** The reason a letter with these parts cannot be replayed; fails when it can. */
    private static String refusal(String source, String key, byte[] payload) {
        DeadLetterReplay.Plan plan = plan(source, key, payload);
        assertThat(plan).isInstanceOf(DeadLetterReplay.Refusal.class);
        return ((DeadLetterReplay.Refusal) plan).reason();
    }

    private static byte[] bytes(GroundworkEvent event) {
        return EventCodec.encode(event);
    }

    @Test
    void a_judgment_stream_source_names_the_topic_and_partition_the_record_came_from() {
        assertThat(DeadLetterReplay.sourceTopic("groundwork.judgments.v1-2@17")).contains(Topics.JUDGMENTS);
        assertThat(DeadLetterReplay.sourceTopic(Topics.COMMANDS + "-0@0")).contains(Topics.COMMANDS);
    }

    @Test
    void a_critic_worker_source_goes_back_to_the_critic_requests() {
        assertThat(DeadLetterReplay.sourceTopic("critic.worker/comparison/3")).contains(Topics.CRITIC_REQUESTS);
    }

    @Test
    void unknown_topics_and_the_dead_letter_topic_itself_are_no_replay_targets() {
        assertThat(DeadLetterReplay.sourceTopic("someone.elses.topic-0@4")).isEmpty();
        assertThat(DeadLetterReplay.sourceTopic(Topics.DEAD_LETTER + "-0@4")).isEmpty();
        assertThat(DeadLetterReplay.sourceTopic("groundwork.judgments.v1")).isEmpty();
        assertThat(DeadLetterReplay.sourceTopic("trainer.pair-buffer/comparison/3")).isEmpty();
    }

    @Test
    void the_source_prefixes_are_the_ones_the_services_write() {
        assertThat(DeadLetterReplay.CRITIC_WORKER).isEqualTo(CriticWorker.SOURCE_PREFIX);
        assertThat(DeadLetterReplay.PAIR_BUFFER).isEqualTo(PairDeadLetters.SOURCE_PREFIX);
    }

    @Test
    void a_valid_judgment_is_replayed_unchanged_to_its_topic_with_its_key() {
        byte[] payload = bytes(judgment());
        DeadLetterReplay.Plan plan = plan("groundwork.judgments.v1-2@17", "3", payload);
        assertThat(plan).isInstanceOfSatisfying(DeadLetterReplay.Replay.class, r -> {
            assertThat(r.topic()).isEqualTo(Topics.JUDGMENTS);
            assertThat(r.key()).isEqualTo("3");
            assertThat(r.event()).isEqualTo(judgment());
            assertThat(r.payload()).isEqualTo(new String(payload, StandardCharsets.UTF_8));
        });
    }

    @Test
    void a_critic_request_is_replayed_to_the_critic_requests() {
        assertThat(plan("critic.worker/comparison/3", "3", bytes(criticRequest())))
                .isInstanceOfSatisfying(DeadLetterReplay.Replay.class, r -> {
                    assertThat(r.topic()).isEqualTo(Topics.CRITIC_REQUESTS);
                    assertThat(r.event()).isInstanceOf(CriticRequested.class);
                });
    }

    @Test
    void a_refused_preference_pair_is_not_replayable_and_says_why() {
        byte[] note = "{\"comparisonId\":3,\"problem\":\"missing\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(refusal("trainer.pair-buffer/comparison/3", "3", note)).contains("not a record of any topic")
                .contains("image");
    }

    @Test
    void an_undecodable_payload_is_not_replayable() {
        assertThat(refusal("groundwork.judgments.v1-0@5", "3", "{not json".getBytes(StandardCharsets.UTF_8)))
                .contains("not a valid Groundwork event").contains("dead-lettered again");
        assertThat(refusal("groundwork.judgments.v1-0@5", "3", new byte[0])).contains("empty record value");
    }

    @Test
    void a_letter_without_source_or_key_or_of_the_wrong_type_is_not_replayable() {
        assertThat(refusal(null, "3", bytes(judgment()))).contains(Topics.HEADER_SOURCE);
        assertThat(refusal("groundwork.judgments.v1-0@5", null, bytes(judgment()))).contains("no key");
        assertThat(refusal("critic.worker/comparison/3", "3", bytes(judgment()))).contains("not a critic request");
        assertThat(refusal("somewhere", "3", bytes(judgment()))).contains("names no Groundwork topic");
    }

    @Test
    void a_letter_shows_why_it_cannot_be_replayed_and_previews_its_payload_as_text() {
        DeadLetters.Letter letter = new DeadLetters.Letter(1, 0, 4, Optional.of("3"),
                Optional.of("groundwork.judgments.v1-0@5"), Optional.of("not a Groundwork event"),
                "{not\njson".getBytes(StandardCharsets.UTF_8), Instant.EPOCH, DeadLetters.Status.NEW, Optional.empty(),
                Optional.empty());
        assertThat(letter.replayRefusal()).hasValueSatisfying(r -> assertThat(r).contains("not a valid Groundwork event"));
        assertThat(letter.preview(100)).isEqualTo("{not·json");
        assertThat(letter.preview(5)).isEqualTo("{not…");
    }
}
