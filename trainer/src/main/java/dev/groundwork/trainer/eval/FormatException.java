package dev.groundwork.trainer.eval;

/** A refused input file; the message names the file, the line (or the place in it) and the field. */
public final class FormatException extends IllegalArgumentException {

    FormatException(String message) {
        super(message);
    }
}
