package dev.groundwork.storage.dataset;

/** What an item asks of a model. */
public enum TaskType {
    /** Free-form description of the whole image. */
    CAPTION,
    /** A question with a short free-form answer (attribute, count, relation...). */
    OPEN_QUESTION,
    /** A yes/no probe such as POPE's "Is there a {object} in the image?". */
    YES_NO
}
