package dev.groundwork.trainer.run;

import dev.groundwork.trainer.data.PreferenceSet;
import dev.groundwork.trainer.data.SftSet;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.train.BaseTrainer;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingOptions;

/**
 * A training objective: how to build its trainer and how to evaluate it on held-out data. Adding an objective is
 * adding one implementation and registering it in {@link Objectives}.
 */
public interface Objective {

    /** The name on the command line, in checkpoints and events: sft, reward, dpo, mdpo. */
    String name();

    /** True when it trains on preference pairs, false for supervised examples. */
    boolean preferences();

    /** The default learning rate and β (when it has one). */
    double defaultLearningRate();

    double defaultBeta();

    /** A trainer on preference pairs; only for {@link #preferences()} objectives. */
    default BaseTrainer<?> trainer(VlmConfig config, Tokenizer tokenizer, PreferenceSet data, ObjectiveSettings settings,
            TrainingOptions options, Start start) {
        throw new UnsupportedOperationException(name() + " does not train on preference pairs");
    }

    /** A trainer on supervised examples; only for objectives that are not {@link #preferences()}. */
    default BaseTrainer<?> trainer(VlmConfig config, Tokenizer tokenizer, SftSet data, TrainingOptions options, Start start) {
        throw new UnsupportedOperationException(name() + " does not train on supervised examples");
    }

    /** A one-line held-out evaluation of {@code trainer} (built by this objective), for progress output. */
    String evaluate(BaseTrainer<?> trainer, PreferenceSet preferences, SftSet sft);
}
