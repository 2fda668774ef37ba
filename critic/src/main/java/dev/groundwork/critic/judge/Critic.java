package dev.groundwork.critic.judge;

/**
 * A pairwise judge. Implementations are thread-safe: a critic worker calls {@link #judge} from several threads.
 */
public interface Critic {

    /** Who judged: recorded with every judgment (name, model, template version). */
    CriticIdentity identity();

    /**
     * Judges one pair in the order given.
     *
     * @throws CriticException when no verdict can be had (the reason says which, for the dead-letter topic)
     */
    CriticVerdict judge(CriticPair pair);
}
