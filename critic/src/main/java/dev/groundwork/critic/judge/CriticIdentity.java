package dev.groundwork.critic.judge;

import java.util.Objects;

/**
 * The name, model and template version a judgment records, so that judgments of different critics (or of one critic
 * with a changed prompt) are never mixed up.
 *
 * @param name the critic's name, e.g. {@code claims}, {@code openai}, {@code reward-model}; the judgment's judge id
 * @param model the model behind it, e.g. {@code lmms-lab/llava-critic-7b}, or the checker's rule set
 * @param templateVersion the prompt template set and its version, or the rule version of a local critic
 */
public record CriticIdentity(String name, String model, String templateVersion) {

    public CriticIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(templateVersion, "templateVersion");
    }

    /** {@code name/model/templateVersion}: the judge id of the judgments it records. */
    public String judgeId() {
        return name + "/" + model + "/" + templateVersion;
    }
}
