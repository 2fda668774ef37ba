package dev.groundwork.storage.dataset;

/** The kinds of hallucination judges tag and the world's perturbations produce. */
public enum HallucinationType {
    OBJECT,
    ATTRIBUTE,
    RELATION,
    COUNT,
    OTHER
}
