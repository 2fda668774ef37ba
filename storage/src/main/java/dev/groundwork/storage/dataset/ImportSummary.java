package dev.groundwork.storage.dataset;

/** What an import stored. {@code digest} is the dataset's content hash (see {@link DatasetDigest}). */
public record ImportSummary(
        String dataset,
        String sourceFormat,
        int items,
        int responses,
        int imagesNew,
        int imagesReused,
        int imagesWithGroundTruth,
        String digest) {}
