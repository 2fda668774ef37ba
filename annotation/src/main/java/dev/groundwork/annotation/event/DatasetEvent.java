package dev.groundwork.annotation.event;

/**
 * An admin removed or renamed a dataset. Published on {@link Topics#JUDGMENTS} keyed by the dataset's database id, so
 * that the trainer, which reads that topic, forgets or relabels the dataset's pairs. {@link #lastComparisonId()} is the
 * highest comparison id the dataset had: comparison ids are never reused, so "the dataset's comparisons up to that id"
 * means the same on every partition, whatever order the records of other keys arrive in.
 */
public sealed interface DatasetEvent extends GroundworkEvent permits DatasetDeleted, DatasetRenamed {

    /** The dataset's database id. */
    long datasetId();

    /** Its highest comparison id, 0 when it had none. */
    long lastComparisonId();
}
