package dev.groundwork.annotation.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An admin renamed a dataset. A consumer relabels the comparisons of {@code from} with an id up to
 * {@code lastComparisonId} as {@code to}, including ones that reach it later from other partitions.
 */
public record DatasetRenamed(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        long datasetId,
        String from,
        String to,
        long lastComparisonId,
        String renamedBy) implements DatasetEvent {

    public static final String TYPE = "DatasetRenamed";
    public static final int SCHEMA_VERSION = 1;

    /** A new id per rename: a dataset may be renamed many times, even back to an earlier name. */
    public static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /** Every rule a consumer checks; empty when the event is valid. */
    public List<String> violations() {
        List<String> v = new ArrayList<>();
        common(v, eventId, TYPE.equals(type), TYPE, schemaVersion == SCHEMA_VERSION, schemaVersion, occurredAt,
                datasetId, lastComparisonId);
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            v.add("from and to are required");
        } else if (from.equals(to)) {
            v.add("from and to must differ");
        }
        if (renamedBy == null || renamedBy.isBlank()) {
            v.add("renamedBy is missing");
        }
        return v;
    }

    static void common(List<String> v, String eventId, boolean typeOk, String type, boolean versionOk, int version,
            Instant occurredAt, long datasetId, long lastComparisonId) {
        if (eventId == null || !eventId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            v.add("eventId must be a lower-case UUID");
        }
        if (!typeOk) {
            v.add("type must be " + type);
        }
        if (!versionOk) {
            v.add("unsupported schemaVersion " + version);
        }
        if (occurredAt == null) {
            v.add("occurredAt is missing");
        }
        if (datasetId <= 0) {
            v.add("datasetId must be positive");
        }
        if (lastComparisonId < 0) {
            v.add("lastComparisonId must not be negative");
        }
    }
}
