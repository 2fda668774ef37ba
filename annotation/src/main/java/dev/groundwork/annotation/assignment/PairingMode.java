package dev.groundwork.annotation.assignment;

/** Which pairs of an item's responses become comparisons. */
public enum PairingMode {
    /** Every unordered pair of responses. */
    ALL_PAIRS,
    /** The first response (e.g. the faithful one) against each other response. */
    FIRST_VS_REST
}
