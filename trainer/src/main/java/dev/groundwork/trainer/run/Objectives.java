package dev.groundwork.trainer.run;

import dev.groundwork.trainer.data.PreferenceSet;
import dev.groundwork.trainer.data.SftSet;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.DpoLossType;
import dev.groundwork.trainer.loss.MdpoLoss;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.train.BaseTrainer;
import dev.groundwork.trainer.train.DpoTrainer;
import dev.groundwork.trainer.train.MdpoTrainer;
import dev.groundwork.trainer.train.RewardModelTrainer;
import dev.groundwork.trainer.train.SftTrainer;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of training objectives. */
public final class Objectives {

    private static final Map<String, Objective> ALL = new LinkedHashMap<>();

    static {
        for (Objective o : List.of(new Sft(), new Reward(), new Dpo(), new Mdpo())) {
            ALL.put(o.name(), o);
        }
    }

    private Objectives() {}

    public static Optional<Objective> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    static final class Sft implements Objective {
        @Override public String name() { return SftTrainer.OBJECTIVE; }
        @Override public boolean preferences() { return false; }
        @Override public double defaultLearningRate() { return 1e-3; }
        @Override public double defaultBeta() { return 0; }

        @Override
        public BaseTrainer<?> trainer(VlmConfig config, Tokenizer tokenizer, SftSet data, TrainingOptions options, Start start) {
            return new SftTrainer(config, tokenizer, data.train(), options, start);
        }

        @Override
        public String evaluate(BaseTrainer<?> trainer, PreferenceSet preferences, SftSet sft) {
            return sft == null || sft.heldOut().isEmpty() ? ""
                    : String.format("held-out token NLL %.3f", ((SftTrainer) trainer).evaluateLoss(sft.heldOut()));
        }
    }

    static final class Reward implements Objective {
        @Override public String name() { return RewardModelTrainer.OBJECTIVE; }
        @Override public boolean preferences() { return true; }
        @Override public double defaultLearningRate() { return 5e-4; }
        @Override public double defaultBeta() { return 0; }

        @Override
        public BaseTrainer<?> trainer(VlmConfig config, Tokenizer tokenizer, PreferenceSet data, ObjectiveSettings settings,
                TrainingOptions options, Start start) {
            return new RewardModelTrainer(config, tokenizer, data.train(), options, start);
        }

        @Override
        public String evaluate(BaseTrainer<?> trainer, PreferenceSet preferences, SftSet sft) {
            return preferences.heldOut().isEmpty() ? ""
                    : String.format("held-out reward accuracy %.3f", ((RewardModelTrainer) trainer).accuracy(preferences.heldOut()));
        }
    }

    static final class Dpo implements Objective {
        @Override public String name() { return DpoTrainer.OBJECTIVE; }
        @Override public boolean preferences() { return true; }
        @Override public double defaultLearningRate() { return 5e-4; }
        @Override public double defaultBeta() { return 0.1; }

        @Override
        public BaseTrainer<?> trainer(VlmConfig config, Tokenizer tokenizer, PreferenceSet data, ObjectiveSettings settings,
                TrainingOptions options, Start start) {
            DpoLoss loss = DpoLoss.builder().type(DpoLossType.fromTrlName(settings.lossType())).beta(settings.beta())
                    .labelSmoothing(settings.labelSmoothing()).sftWeight(settings.sftWeight()).build();
            return new DpoTrainer(config, tokenizer, data.train(), loss, options, start);
        }

        @Override
        public String evaluate(BaseTrainer<?> trainer, PreferenceSet preferences, SftSet sft) {
            return preferences.heldOut().isEmpty() ? "" : String.format("held-out implicit-reward accuracy %.3f",
                    ((DpoTrainer) trainer).implicitRewardAccuracy(preferences.heldOut()));
        }
    }

    static final class Mdpo implements Objective {
        @Override public String name() { return MdpoTrainer.OBJECTIVE; }
        @Override public boolean preferences() { return true; }
        @Override public double defaultLearningRate() { return 5e-4; }
        @Override public double defaultBeta() { return 1.0; }

        @Override
        public BaseTrainer<?> trainer(VlmConfig config, Tokenizer tokenizer, PreferenceSet data, ObjectiveSettings settings,
                TrainingOptions options, Start start) {
            MdpoLoss loss = MdpoLoss.builder().beta(settings.beta()).labelSmoothing(settings.labelSmoothing()).build();
            return new MdpoTrainer(config, tokenizer, data.train(), loss, options, start);
        }

        @Override
        public String evaluate(BaseTrainer<?> trainer, PreferenceSet preferences, SftSet sft) {
            if (preferences.heldOut().isEmpty()) {
                return "";
            }
            MdpoTrainer mdpo = (MdpoTrainer) trainer;
            return String.format("held-out implicit-reward accuracy %.3f, image-conditional accuracy %.3f",
                    mdpo.implicitRewardAccuracy(preferences.heldOut()), mdpo.imageConditionalAccuracy(preferences.heldOut()));
        }
    }
}
