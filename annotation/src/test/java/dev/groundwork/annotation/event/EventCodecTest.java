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
