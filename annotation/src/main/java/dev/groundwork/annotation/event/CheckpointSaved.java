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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointSaved(String eventId, String type, int schemaVersion, Instant occurredAt, String runId, long step,
        String uri, String provenance, List<OffsetRange> offsetRanges, long pairs, String policyVersion, Integer round)
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

    public CheckpointSaved {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(provenance, "provenance");
        offsetRanges = offsetRanges == null ? List.of() : List.copyOf(offsetRanges);
    }
}
