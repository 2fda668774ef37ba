package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.Manifest;
import java.util.List;
import java.util.Map;

/**
 * A dataset read and validated from its files, not yet stored.
 *
 * @param truths ground truth by image path, with where it was declared
 */
public record DatasetPlan(
        String name,
        String description,
        String sourceFormat,
        Map<String, Object> sourceInfo,
        List<Located<Manifest.Item>> items,
        Map<String, Located<Manifest.GroundTruth>> truths) {

    /** A value and the file and line it came from. */
    public record Located<T>(String file, int line, T value) {}

    public DatasetPlan {
        items = List.copyOf(items);
        truths = Map.copyOf(truths);
    }
}
