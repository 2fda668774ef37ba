package dev.groundwork.annotation.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An admin deleted a dataset with its comparisons, judgments and resolutions. A consumer drops every vote and
 * resolution it holds for comparisons of {@code dataset} with an id up to {@code lastComparisonId}, including ones that
 * reach it later from other partitions.
 */
public record DatasetDeleted(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        long datasetId,
        String dataset,
        long lastComparisonId,
        long comparisons,
        long judgments,
        String deletedBy) implements DatasetEvent {

    public static final String TYPE = "DatasetDeleted";
    public static final int SCHEMA_VERSION = 1;

    /** Deterministic: a dataset (by id) is deleted once. */
    public static String eventId(long datasetId) {
        return UUID.nameUUIDFromBytes(("groundwork:dataset-deleted:" + datasetId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Every rule a consumer checks; empty when the event is valid. */
    public List<String> violations() {
        List<String> v = new ArrayList<>();
        DatasetRenamed.common(v, eventId, TYPE.equals(type), TYPE, schemaVersion == SCHEMA_VERSION, schemaVersion,
                occurredAt, datasetId, lastComparisonId);
        if (dataset == null || dataset.isBlank()) {
            v.add("dataset is missing");
        }
        if (comparisons < 0 || judgments < 0) {
            v.add("comparisons and judgments must not be negative");
        }
        if (deletedBy == null || deletedBy.isBlank()) {
            v.add("deletedBy is missing");
        }
        return v;
    }
}
