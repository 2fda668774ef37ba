package dev.groundwork.trainer.data;

/** Where supervised (prompt, answer) examples come from; see {@link WorldData}. */
public interface SftSource {

    SftSet sft();
}
