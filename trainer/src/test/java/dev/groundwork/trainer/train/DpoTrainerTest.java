package dev.groundwork.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.model.VlmConfig;
import org.junit.jupiter.api.Test;

class DpoTrainerTest {

    static final int DPO_STEPS = 60;

    @Test
    void dpo_after_sft_lifts_held_out_implicit_reward_accuracy_from_chance_to_at_least_80_percent() {
        WorldPairs world = WorldPairs.standard();
        byte[] sftPolicy = WorldPairs.sftPolicy();
        long started = System.nanoTime();
        TrainingOptions options = TrainingOptions.defaults().withSeed(11).withBatchSize(16).withLearningRate(5e-4);
        try (DpoTrainer dpo = new DpoTrainer(VlmConfig.tiny(), world.tokenizer, world.train, DpoLoss.builder().beta(0.1).build(),
                options, Start.fromParameters(sftPolicy))) {
            double initial = dpo.implicitRewardAccuracy(world.heldOut);
            StepResult last = dpo.train(DPO_STEPS);
            double[] margins = dpo.implicitRewardMargins(world.heldOut);
            System.out.printf("DPO: %d train / %d held-out pairs, %d steps: held-out implicit-reward accuracy %.3f -> %s;"
                    + " last batch %s; %.1f s%n", world.train.size(), world.heldOut.size(), DPO_STEPS, initial,
                    world.breakdown(margins), last.metrics(), seconds(started));

            assertThat(initial).isLessThanOrEqualTo(0.6);
            assertThat(last.metrics()).containsKeys("logits/chosen", "logits/rejected");
            assertThat(last.metrics().get("logits/chosen")).isFinite();
            assertThat(last.metrics().get("logits/rejected")).isFinite();
            assertThat(ReferencePolicyTrainer.fractionPositive(margins)).isGreaterThanOrEqualTo(0.80);
        }
    }

    static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
