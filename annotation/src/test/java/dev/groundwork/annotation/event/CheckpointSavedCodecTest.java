package dev.groundwork.annotation.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.annotation.event.CheckpointSaved.JudgeCount;
import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CheckpointSaved's judges: an additive field that events of older trainers do not have. */
class CheckpointSavedCodecTest {

    static final String TOPIC = "groundwork.judgments.v1";

    static CheckpointSaved saved(List<JudgeCount> judges) {
        return new CheckpointSaved("5b0c2d3e-1f2a-3b4c-8d5e-6f7a8b9c0d1e", CheckpointSaved.TYPE, CheckpointSaved.SCHEMA_VERSION,
                Instant.parse("2026-12-01T10:12:00Z"), "9e1f2d3e-1f2a-3b4c-8d5e-6f7a8b9c0d1e", 6,
                "file:///srv/groundwork/data/artifacts/runs/demo-dpo/round-1/", "{}", List.of(new OffsetRange(TOPIC, 0, 0, 12)),
                6, "policy-v3", 1, judges);
    }

    @Test
    void judges_survive_encoding_and_decoding() {
        CheckpointSaved e = saved(List.of(new JudgeCount("HUMAN", "alice", 4), new JudgeCount("CRITIC", "claims", 2),
                new JudgeCount("REVIEWER", "reviewer-1", 1)));
        String json = EventCodec.encodeToString(e);
        assertThat(json).contains("\"judges\":[{\"judgeKind\":\"HUMAN\",\"judgeId\":\"alice\",\"pairs\":4}");
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(e);
    }

    @Test
    void an_event_of_a_trainer_that_did_not_report_judges_decodes_with_none() {
        String old = "{\"eventId\":\"5b0c2d3e-1f2a-3b4c-8d5e-6f7a8b9c0d1e\",\"type\":\"CheckpointSaved\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"2026-12-01T10:12:00Z\",\"runId\":\"9e1f\",\"step\":6,\"uri\":\"file:///a/\",\"provenance\":\"{}\","
                + "\"offsetRanges\":[{\"topic\":\"" + TOPIC + "\",\"partition\":0,\"fromOffset\":0,\"toOffset\":12}],"
                + "\"pairs\":6,\"policyVersion\":\"policy-v3\",\"round\":1}";
        CheckpointSaved decoded = (CheckpointSaved) EventCodec.decode(old.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.judges()).isEmpty();
        assertThat(decoded.offsetRanges()).containsExactly(new OffsetRange(TOPIC, 0, 0, 12));
    }

    @Test
    void a_judge_needs_a_known_kind_an_id_and_a_pair() {
        assertThatThrownBy(() -> new JudgeCount("ROBOT", "r", 1)).hasMessageContaining("judgeKind must be one of");
        assertThatThrownBy(() -> new JudgeCount("HUMAN", " ", 1)).hasMessageContaining("judgeId is required");
        assertThatThrownBy(() -> new JudgeCount("HUMAN", "alice", 0)).hasMessageContaining("at least one pair");
        String bad = EventCodec.encodeToString(saved(List.of(new JudgeCount("HUMAN", "alice", 4))))
                .replace("\"judgeKind\":\"HUMAN\"", "\"judgeKind\":\"ROBOT\"");
        assertThatThrownBy(() -> EventCodec.decode(bad.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("judgeKind");
    }
}
