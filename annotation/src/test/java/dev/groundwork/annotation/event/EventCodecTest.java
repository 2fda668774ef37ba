package dev.groundwork.annotation.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    static JudgmentRecorded valid() {
        return new JudgmentRecorded("0b5c2d3e-1f2a-3b4c-8d5e-6f7a8b9c0d1e", JudgmentRecorded.TYPE, 1,
                Instant.parse("2026-11-29T10:00:00Z"), 7, "key-7", 3, "demo", "s1-caption", "Describe the image.", "CAPTION",
                new JudgmentRecorded.ImageRef("a".repeat(64), JudgmentRecorded.imageUri("a".repeat(64)), "image/png", 80, 80),
                new JudgmentRecorded.ResponseRef(11, "faithful", "world-faithful", null, "A red circle."),
                new JudgmentRecorded.ResponseRef(12, "object", "world-perturbed", null, "A red circle and a star."),
                "HUMAN", "alice", "A", 1, List.of(new JudgmentRecorded.Tag("B", "OBJECT", 18, 24)), "B adds a star", 4000L);
    }

    static DisagreementResolved resolution() {
        return new DisagreementResolved(DisagreementResolved.eventId(3, 2), DisagreementResolved.TYPE, 1,
                Instant.parse("2026-11-29T11:00:00Z"), 3, 2, "demo", "s1-caption", "Describe the image.", "CAPTION",
                new JudgmentRecorded.ImageRef("a".repeat(64), JudgmentRecorded.imageUri("a".repeat(64)), "image/png", 80, 80),
                new JudgmentRecorded.ResponseRef(11, "faithful", "world-faithful", null, "A red circle."),
                new JudgmentRecorded.ResponseRef(12, "object", "world-perturbed", null, "A red circle and a star."),
                "B", "reviewer-1", "the star is there after all");
    }

    static JudgmentRecorded correction(Long supersedes) {
        JudgmentRecorded v = valid();
        return new JudgmentRecorded(v.eventId(), v.type(), v.schemaVersion(), v.occurredAt(), v.judgmentId(), v.idempotencyKey(),
                v.comparisonId(), v.dataset(), v.itemId(), v.prompt(), v.taskType(), v.image(), v.responseA(), v.responseB(),
                v.judgeKind(), v.judgeId(), "B", v.strength(), v.tags(), v.rationale(), v.timeSpentMs(), supersedes);
    }

    @Test
    void a_correction_carries_the_superseded_judgment_and_a_first_verdict_leaves_the_field_out() {
        String first = EventCodec.encodeToString(valid());
        assertThat(first).doesNotContain("supersedes");
        assertThat(((JudgmentRecorded) EventCodec.decode(first.getBytes(StandardCharsets.UTF_8))).superseded()).isEmpty();
        JudgmentRecorded c = correction(5L);
        String json = EventCodec.encodeToString(c);
        assertThat(json).contains("\"supersedes\":5");
        JudgmentRecorded decoded = (JudgmentRecorded) EventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).isEqualTo(c);
        assertThat(decoded.superseded()).hasValue(5);
        for (long bad : new long[] {0, -1, c.judgmentId()}) {
            byte[] value = EventCodec.encode(correction(bad));
            assertThatThrownBy(() -> EventCodec.decode(value)).as("supersedes %d", bad)
                    .hasMessageContaining("supersedes must be the positive id of another judgment");
        }
    }

    @Test
    void an_evaluation_request_and_its_answer_survive_encoding_and_decoding() {
        EvaluateRequested request = new EvaluateRequested("e1", EvaluateRequested.TYPE, 1, Instant.parse("2026-12-02T04:00:00Z"),
                "r-1", List.of(new EvaluateRequested.Policy("current", "file:///a/round-1/"),
                        new EvaluateRequested.Policy("candidate", "file:///a/round-2/")), 300, 7, 30, "job:nightly-eval");
        String json = EventCodec.encodeToString(request);
        assertThat(json).contains("\"type\":\"EvaluateRequested\"", "\"label\":\"candidate\"", "\"heldOut\":30");
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(request);
        assertThat(request.evaluationId()).isEqualTo("evaluation:r-1");
        EvaluateAnswered answer = new EvaluateAnswered("e2", EvaluateAnswered.TYPE, 1, Instant.parse("2026-12-02T04:05:00Z"),
                "r-1", "EVALUATED", request.evaluationId(), "file:///a/report.html",
                List.of(new EvaluateAnswered.MetricDelta("chair_i", "CHAIR_i", true, 0.2, 0.15, -0.05, -0.09, -0.01, 0.95)), null);
        String answered = EventCodec.encodeToString(answer);
        assertThat(answered).doesNotContain("message");
        assertThat(EventCodec.decode(answered.getBytes(StandardCharsets.UTF_8))).isEqualTo(answer);
        byte[] threeCheckpoints = json.replace("[{", "[{\"label\":\"c0\",\"uri\":\"u\"},{\"label\":\"c1\",\"uri\":\"v\"},{")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventCodec.decode(threeCheckpoints)).hasMessageContaining("one or two checkpoints");
    }

    @Test
    void a_resolution_survives_encoding_and_decoding() {
        DisagreementResolved e = resolution();
        String json = EventCodec.encodeToString(e);
        assertThat(json).contains("\"type\":\"DisagreementResolved\"", "\"revision\":2", "\"reviewerId\":\"reviewer-1\"");
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(e);
    }

    @Test
    void resolution_event_ids_are_deterministic_per_comparison_and_revision() {
        assertThat(DisagreementResolved.eventId(3, 2)).isEqualTo(DisagreementResolved.eventId(3, 2))
                .isNotEqualTo(DisagreementResolved.eventId(3, 1)).isNotEqualTo(DisagreementResolved.eventId(4, 2))
                .matches("[0-9a-f-]{36}");
        assertThat(DisagreementResolved.eventId(4711, 2)).as("the example in docs/events.md")
                .isEqualTo("53b10711-537d-3235-8552-0ebdf14ddf1e");
    }

    @Test
    void a_broken_resolution_is_refused_with_every_reason() {
        String bad = EventCodec.encodeToString(resolution()).replace("\"verdict\":\"B\"", "\"verdict\":\"C\"")
                .replace("\"revision\":2", "\"revision\":0").replace("\"reviewerId\":\"reviewer-1\"", "\"reviewerId\":\" \"");
        assertThatThrownBy(() -> EventCodec.decode(bad.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("verdict must be one of")
                .hasMessageContaining("revision must be 1 or more")
                .hasMessageContaining("reviewerId is missing");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"DisagreementResolved\",\"schemaVersion\":1}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("eventId must be a lower-case UUID")
                .hasMessageContaining("image.sha256 must be");
    }

    @Test
    void an_event_survives_encoding_and_decoding() {
        JudgmentRecorded e = valid();
        String json = EventCodec.encodeToString(e);
        assertThat(json).contains("\"type\":\"JudgmentRecorded\"", "\"schemaVersion\":1", "\"occurredAt\":\"2026-11-29T10:00:00Z\"");
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(e);
    }

    @Test
    void broken_records_are_refused_with_the_reason() {
        assertThatThrownBy(() -> EventCodec.decode(new byte[0])).hasMessage("empty record value");
        assertThatThrownBy(() -> EventCodec.decode("{".getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("not a Groundwork event");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"Nope\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Nope");
        String bad = EventCodec.encodeToString(valid()).replace("\"verdict\":\"A\"", "\"verdict\":\"MAYBE\"");
        assertThatThrownBy(() -> EventCodec.decode(bad.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("verdict must be one of");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"JudgmentRecorded\",\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("eventId must be a lower-case UUID")
                .hasMessageContaining("judgeKind must be one of");
    }
}
