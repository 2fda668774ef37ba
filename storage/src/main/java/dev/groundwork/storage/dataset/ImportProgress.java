package dev.groundwork.storage.dataset;

/**
 * Receives how far an import has got, on the importing thread: the phase and how many of its
 * steps are done. Called often (once per image and per item), so it should only record the values
 * and return; a listener that throws aborts the import, which then writes nothing.
 */
@FunctionalInterface
public interface ImportProgress {

    /** Ignores every report. */
    ImportProgress NONE = (phase, done, total) -> { };

    /** The phases of an import, in order. */
    enum Phase {
        /** Reading and validating the manifest or question files (one step). */
        READING("reading files"),
        /** Reading, decoding and hashing each distinct image. */
        IMAGES("checking images"),
        /** Writing the rows, one step per item. */
        STORING("storing items"),
        /** Computing the content digest and publishing the images (one step). */
        FINISHING("finishing");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /** The phase in words, for a progress display. */
        public String label() {
            return label;
        }
    }

    /**
     * @param done steps of {@code phase} finished, from 0 to {@code total}
     * @param total steps in {@code phase}
     */
    void update(Phase phase, int done, int total);
}
