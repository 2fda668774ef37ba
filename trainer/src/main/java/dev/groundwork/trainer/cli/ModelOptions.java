package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.run.Objective;
import dev.groundwork.trainer.run.ObjectiveSettings;
import dev.groundwork.trainer.train.TrainingOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Model, optimiser and loss options shared by the training commands. */
final class ModelOptions {

    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--size", defaultValue = "tiny", description = "model size: tiny, small or base (default: ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--steps", description = "optimiser steps (default: 200; for stream rounds one epoch of the round's pairs)")
    Integer steps;

    @Option(names = "--seed", defaultValue = "1", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch", defaultValue = "16", description = "examples per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", description = "learning rate (default: 1e-3 for sft, 5e-4 otherwise)")
    Double learningRate;

    @Option(names = "--beta", description = "DPO/mDPO beta (default: 0.1 for dpo, 1.0 for mdpo)")
    Double beta;

    @Option(names = "--loss", defaultValue = "sigmoid", description = "DPO loss: sigmoid, hinge, ipo, robust (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "conservative DPO label smoothing (default: ${DEFAULT-VALUE})")
    double labelSmoothing;

    @Option(names = "--rpo-alpha", defaultValue = "0", description = "weight of the chosen answers' NLL added to DPO (default: ${DEFAULT-VALUE})")
    double rpoAlpha;

    @Option(names = "--eval-every", description = "steps between held-out evaluations (default: a fifth of the run)")
    Integer evalEvery;

    @Option(names = "--init", description = "warm-start from this checkpoint's parameters (DPO/mDPO reference = that start)")
    Path init;

    @Option(names = "--resume", description = "continue this checkpoint (bit-exact on CPU)")
    Path resume;

    @Option(names = "--out", description = "checkpoint directory (default: the artifact store's runs/<objective>-<time>)")
    Path out;

    VlmConfig config() {
        try {
            return VlmConfig.preset(size);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
    }

    void check() {
        if (init != null && resume != null) {
            throw new ParameterException(spec.commandLine(), "give --resume or --init, not both");
        }
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, was " + batch);
        }
        if (steps != null && steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be at least 1, was " + steps);
        }
    }

    Optional<Path> startCheckpoint() {
        return Optional.ofNullable(resume != null ? resume : init);
    }

    TrainingOptions options(Objective objective) {
        return TrainingOptions.defaults().withSeed(seed).withBatchSize(batch)
                .withLearningRate(learningRate != null ? learningRate : objective.defaultLearningRate());
    }

    ObjectiveSettings settings(Objective objective) {
        return new ObjectiveSettings(beta != null ? beta : objective.defaultBeta(), labelSmoothing, loss, rpoAlpha);
    }

    /** The run's hyper-parameters as reported in events and provenance. */
    Map<String, String> describe(Objective objective, long totalSteps) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("size", size);
        m.put("steps", Long.toString(totalSteps));
        m.put("batch", Integer.toString(batch));
        m.put("learning_rate", Double.toString(options(objective).learningRate()));
        if (objective.preferences() && !objective.name().equals("reward")) {
            m.putAll(settings(objective).describe());
        }
        return m;
    }
}
