package dev.groundwork.web.annotate;

/**
 * The annotate view's progress line. {@code done} and {@code assigned} are the database's counts;
 * {@code held} are this view's verdicts not in them yet: the one still open to undo, and those
 * handed to the worker and not yet written. They count as done, so the line moves with every
 * verdict, and the line says how many are not saved yet.
 */
record HeldProgress(long done, long assigned, int held) {

    HeldProgress {
        if (done < 0 || assigned < 0 || held < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + done + ", " + assigned + ", " + held);
        }
    }

    /** Done including the held verdicts, never more than assigned. */
    long counted() {
        return Math.min(assigned, done + held);
    }

    /** "12 / 40 done", and "· 1 not saved yet" while verdicts are held. */
    String text() {
        String line = counted() + " / " + assigned + " done";
        return held == 0 ? line : line + " · " + held + " not saved yet";
    }

    double fraction() {
        return assigned == 0 ? 0 : (double) counted() / assigned;
    }
}
