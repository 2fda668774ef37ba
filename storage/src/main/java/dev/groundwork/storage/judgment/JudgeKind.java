package dev.groundwork.storage.judgment;

/** Who made a judgment: a person in the browser or the AI critic. */
public enum JudgeKind {
    HUMAN,
    CRITIC
}
