package dev.groundwork.trainer.data;

/**
 * Where preference pairs come from. Every command, service and test that trains a reward model, DPO or mDPO gets its
 * pairs through one of these: {@link WorldData} (the synthetic world's faithful vs perturbed answers),
 * {@link BufferPreferences} (the pair buffer's judgments, through the preference policy) and {@link TrlPreferences}
 * (a TRL-format preference file, such as our own export writes).
 */
public interface PreferenceSource {

    /** Loads the pairs; may be slow (renders or fetches images). */
    PreferenceSet preferences();
}
