package dev.groundwork.critic.worker;

import dev.groundwork.critic.judge.Critic;

/** Builds the critic a job asks for, from the job's critic name and settings. */
public interface CriticFactory {

    /**
     * @param critic {@code claims}, {@code reward-model} or {@code openai}
     * @param settings the job's settings as JSON, or null
     * @throws dev.groundwork.critic.judge.CriticException UNSUPPORTED when this service cannot run that critic
     */
    Critic create(String critic, String settings);
}
