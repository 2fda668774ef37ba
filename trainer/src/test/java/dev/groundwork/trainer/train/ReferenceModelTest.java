package dev.groundwork.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.model.VlmConfig;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceModelTest {

    @Test
    void the_dpo_reference_receives_no_gradient_and_stays_bit_identical_while_the_policy_moves() {
        WorldPairs world = WorldPairs.standard();
        TrainingOptions options = TrainingOptions.defaults().withSeed(3).withBatchSize(8).withLearningRate(1e-3);
        try (DpoTrainer dpo = new DpoTrainer(VlmConfig.tiny(), world.tokenizer, world.train.subList(0, 32),
                DpoLoss.builder().beta(0.1).sftWeight(0.5).build(), options, Start.fromParameters(WorldPairs.sftPolicy()))) {
            Map<String, byte[]> referenceBefore = Parameters.rawBytes(dpo.reference());
            Map<String, byte[]> policyBefore = Parameters.rawBytes(dpo.policy());
            CheckpointResumeTest.assertBitIdentical(policyBefore, referenceBefore);

            dpo.train(4);

            for (Pair<String, Parameter> parameter : dpo.reference().getParameters()) {
                assertThat(parameter.getValue().requiresGradient()).as(parameter.getKey()).isFalse();
                assertThat(parameter.getValue().getArray().hasGradient()).as(parameter.getKey()).isFalse();
            }
            CheckpointResumeTest.assertBitIdentical(Parameters.rawBytes(dpo.reference()), referenceBefore);
            Map<String, byte[]> policyAfter = Parameters.rawBytes(dpo.policy());
            long moved = policyAfter.entrySet().stream()
                    .filter(e -> !Arrays.equals(e.getValue(), policyBefore.get(e.getKey()))).count();
            assertThat(moved).isEqualTo(policyAfter.size());
        }
    }
}
