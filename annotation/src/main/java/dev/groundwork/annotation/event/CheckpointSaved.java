package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A checkpoint was written to the artifact store.
 *
 * @param uri where it lives, e.g. {@code file:///srv/groundwork/artifacts/runs/dpo-.../round-2/}
 * @param provenance the checkpoint's {@code provenance.json}, verbatim
 * @param offsetRanges the judgment-topic records this checkpoint's round consumed (empty for world or file data)
 * @param pairs the number of preference pairs it trained on
 * @param policyVersion the preference policy that turned votes into those pairs, when the data came from votes
 * @param judges who decided those pairs, per judge with the number of the round's pairs they decided (empty for world
 *     or file data, and in events of trainers that did not report judges yet: the field was added later)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointSaved(String eventId, String type, int schemaVersion, Instant occurredAt, String runId, long step,
        String uri, String provenance, List<OffsetRange> offsetRanges, long pairs, String policyVersion, Integer round,
        List<JudgeCount> judges)
        implements TrainingEvent {

    public static final String TYPE = "CheckpointSaved";
    public static final int SCHEMA_VERSION = 1;

    /** Records {@code [fromOffset, toOffset)} of one topic partition. */
    public record OffsetRange(String topic, int partition, long fromOffset, long toOffset) {
        public OffsetRange {
            if (fromOffset < 0 || toOffset < fromOffset) {
                throw new IllegalArgumentException("bad offset range [" + fromOffset + ", " + toOffset + ")");
            }
        }
    }

    /**
     * A judge whose verdicts decided some of the checkpoint's pairs: the judges whose votes the preference policy
     * counted for a pair (the humans where any human judged it, else the critics), or the reviewer whose resolution
     * decided it. A pair decided by three annotators counts once for each of them.
     *
     * @param judgeKind {@code HUMAN}, {@code CRITIC} or {@code REVIEWER}
     * @param judgeId the annotator's user id, the critic's id or the reviewer's id, as in the judgment events
     * @param pairs how many of the checkpoint's pairs this judge decided
     */
    public record JudgeCount(String judgeKind, String judgeId, long pairs) {
        public static final List<String> KINDS = List.of("HUMAN", "CRITIC", "REVIEWER");

        public JudgeCount {
            if (!KINDS.contains(judgeKind)) {
                throw new IllegalArgumentException("judgeKind must be one of " + KINDS + ", was " + judgeKind);
            }
            if (judgeId == null || judgeId.isBlank()) {
                throw new IllegalArgumentException("judgeId is required");
            }
            if (pairs < 1) {
                throw new IllegalArgumentException("a judge counts at least one pair, was " + pairs);
            }
        }
    }

    public CheckpointSaved {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(provenance, "provenance");
        offsetRanges = offsetRanges == null ? List.of() : List.copyOf(offsetRanges);
        judges = judges == null ? List.of() : List.copyOf(judges);
    }
}
