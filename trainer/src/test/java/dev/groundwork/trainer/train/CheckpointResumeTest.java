package dev.groundwork.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.trainer.loss.MdpoLoss;
import dev.groundwork.trainer.model.VlmConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointResumeTest {

    static final int TOTAL = 6;
    static final int FIRST = 3;

    private static final TrainingOptions OPTIONS = TrainingOptions.defaults().withSeed(5).withBatchSize(4).withLearningRate(1e-3);

    private static List<PreferenceExample> data() {
        return WorldPairs.standard().train.subList(0, 10); // 10 pairs, batches of 4: the run crosses epochs
    }

    @Test
    void an_mdpo_run_resumed_from_a_checkpoint_ends_bit_identical_to_an_uninterrupted_run(@TempDir Path dir) throws Exception {
        WorldPairs world = WorldPairs.standard();
        byte[] start = WorldPairs.sftPolicy();
        Map<String, byte[]> uninterrupted;
        try (MdpoTrainer trainer = new MdpoTrainer(VlmConfig.tiny(), world.tokenizer, data(), MdpoLoss.of(0.1), OPTIONS,
                Start.fromParameters(start))) {
            trainer.train(TOTAL);
            uninterrupted = Parameters.rawBytes(trainer.policy());
        }
        try (MdpoTrainer first = new MdpoTrainer(VlmConfig.tiny(), world.tokenizer, data(), MdpoLoss.of(0.1), OPTIONS,
                Start.fromParameters(start))) {
            first.train(FIRST);
            first.recordOffset("judgments-0", 42);
            first.save(dir, "world seed 7, pairs 0..9");
        }
        Checkpoint state = Checkpoint.read(dir);
        assertThat(state.step()).isEqualTo(FIRST);
        assertThat(state.offsets()).containsEntry("judgments-0", 42L);
        assertThat(Provenance.read(dir).objective()).isEqualTo(MdpoTrainer.OBJECTIVE);
        assertThat(Provenance.read(dir).hyperParameters()).containsEntry("beta", "0.1");
        try (MdpoTrainer resumed = new MdpoTrainer(VlmConfig.tiny(), world.tokenizer, data(), MdpoLoss.of(0.1), OPTIONS,
                Start.resume(dir))) {
            assertThat(resumed.steps()).isEqualTo(FIRST);
            assertThat(resumed.position()).isEqualTo(state.position());
            assertThat(resumed.offsets()).containsEntry("judgments-0", 42L);
            resumed.train(TOTAL - FIRST);
            assertBitIdentical(Parameters.rawBytes(resumed.policy()), uninterrupted);
        }
    }

    @Test
    void a_reward_model_run_resumed_from_a_checkpoint_ends_bit_identical_to_an_uninterrupted_run(@TempDir Path dir) throws Exception {
        WorldPairs world = WorldPairs.standard();
        Map<String, byte[]> uninterrupted;
        try (RewardModelTrainer trainer = new RewardModelTrainer(VlmConfig.tiny(), world.tokenizer, data(), OPTIONS, Start.fresh())) {
            trainer.train(TOTAL);
            uninterrupted = Parameters.rawBytes(trainer.model());
        }
        try (RewardModelTrainer first = new RewardModelTrainer(VlmConfig.tiny(), world.tokenizer, data(), OPTIONS, Start.fresh())) {
            first.train(FIRST);
            first.save(dir, "world seed 7, pairs 0..9");
        }
        try (RewardModelTrainer resumed = new RewardModelTrainer(VlmConfig.tiny(), world.tokenizer, data(), OPTIONS, Start.resume(dir))) {
            resumed.train(TOTAL - FIRST);
            assertBitIdentical(Parameters.rawBytes(resumed.model()), uninterrupted);
        }
    }

    static void assertBitIdentical(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }
}
