package dev.groundwork.storage.judgment;

/** The outcome of a pairwise judgment, in terms of the stored (not displayed) order. */
public enum Verdict {
    A,
    B,
    TIE,
    BOTH_BAD
}
