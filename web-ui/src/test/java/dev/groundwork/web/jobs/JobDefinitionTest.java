package dev.groundwork.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job definition refuses what it cannot run, naming the field. */
class JobDefinitionTest {

    @Test
    void a_training_job_needs_a_known_objective_and_a_positive_pair_count() {
        assertThatThrownBy(() -> new JobDefinition("t", JobKind.TRAINING, Optional.empty(), Map.of("objective", "dpo")))
                .hasMessageContaining("needs the parameter 'minPairs'");
        assertThatThrownBy(() -> new JobDefinition("t", JobKind.TRAINING, Optional.empty(),
                Map.of("objective", "sft", "minPairs", "10"))).hasMessageContaining("'objective' must be one of");
        assertThatThrownBy(() -> new JobDefinition("t", JobKind.TRAINING, Optional.empty(),
                Map.of("objective", "dpo", "minPairs", "ten"))).hasMessageContaining("'minPairs' must be a whole number");
        assertThatThrownBy(() -> new JobDefinition("t", JobKind.TRAINING, Optional.empty(),
                Map.of("objective", "dpo", "minPairs", "0"))).hasMessageContaining("at least 1");
    }

    @Test
    void unknown_parameters_bad_schedules_and_bad_names_are_refused() {
        assertThatThrownBy(() -> new JobDefinition("c", JobKind.CRITIC_BATCH, Optional.empty(),
                Map.of("dataset", "demo", "model", "x"))).hasMessageContaining("no parameter 'model'")
                .hasMessageContaining("dataset");
        assertThatThrownBy(() -> new JobDefinition("c", JobKind.CRITIC_BATCH, Optional.of("every night"),
                Map.of("dataset", "demo"))).hasMessageContaining("'every night' is not a Quartz cron expression");
        assertThatThrownBy(() -> new JobDefinition("no spaces", JobKind.CRITIC_BATCH, Optional.empty(),
                Map.of("dataset", "demo"))).hasMessageContaining("a job name has 1 to 100");
        assertThatThrownBy(() -> new JobDefinition("c", JobKind.CRITIC_BATCH, Optional.empty(),
                Map.of("dataset", "demo", "critic", "oracle"))).hasMessageContaining("'critic' must be one of");
    }

    @Test
    void defaults_are_filled_in_and_blank_schedules_mean_run_now_only() {
        JobDefinition d = new JobDefinition("c", JobKind.CRITIC_BATCH, Optional.of("  "), Map.of("dataset", " demo "));
        assertThat(d.cron()).isEmpty();
        assertThat(d.parameters()).containsEntry("dataset", "demo").containsEntry("critic", "claims");
    }

    @Test
    void an_on_policy_round_needs_a_dataset_takes_its_defaults_and_refuses_a_bad_k_or_critic() {
        JobDefinition d = new JobDefinition("o", JobKind.ON_POLICY_ROUND, Optional.empty(), Map.of("dataset", "demo-world"));
        assertThat(d.parameters()).containsEntry("dataset", "demo-world").containsEntry("critic", "claims")
                .containsEntry("k", "4").containsEntry("rounds", "1").containsEntry("prompts", "64")
                .containsEntry("steps", "40").containsEntry("seed", "7").doesNotContainKey("then");
        assertThatThrownBy(() -> new JobDefinition("o", JobKind.ON_POLICY_ROUND, Optional.empty(), Map.of()))
                .hasMessageContaining("needs the parameter 'dataset'");
        assertThatThrownBy(() -> new JobDefinition("o", JobKind.ON_POLICY_ROUND, Optional.empty(),
                Map.of("dataset", "d", "k", "1"))).hasMessageContaining("'k' must be a whole number from 2 to 16, was '1'");
        assertThatThrownBy(() -> new JobDefinition("o", JobKind.ON_POLICY_ROUND, Optional.empty(),
                Map.of("dataset", "d", "critic", "gpt"))).hasMessageContaining("'critic' must be one of");
        assertThatThrownBy(() -> new JobDefinition("o", JobKind.ON_POLICY_ROUND, Optional.empty(),
                Map.of("dataset", "d", "rounds", "many"))).hasMessageContaining("'rounds' must be a whole number");
        assertThatThrownBy(() -> new JobDefinition("o", JobKind.ON_POLICY_ROUND, Optional.empty(),
                Map.of("dataset", "d", "objective", "dpo"))).hasMessageContaining("has no parameter 'objective'");
    }

    @Test
    void an_evaluation_takes_its_defaults_and_refuses_a_bad_margin_or_scene_count() {
        JobDefinition d = new JobDefinition("e", JobKind.EVALUATION, Optional.empty(), Map.of());
        assertThat(d.parameters()).containsEntry("margin", "0.05").containsEntry("heldOut", "30")
                .containsEntry("worldScenes", "300").containsEntry("worldSeed", "7").doesNotContainKey("checkpoint");
        assertThatThrownBy(() -> new JobDefinition("e", JobKind.EVALUATION, Optional.empty(), Map.of("margin", "5%")))
                .hasMessageContaining("'margin' must be a number from 0.0 to 1.0, was '5%'");
        assertThatThrownBy(() -> new JobDefinition("e", JobKind.EVALUATION, Optional.empty(), Map.of("margin", "-0.1")))
                .hasMessageContaining("'margin' must be a number");
        assertThatThrownBy(() -> new JobDefinition("e", JobKind.EVALUATION, Optional.empty(), Map.of("heldOut", "0")))
                .hasMessageContaining("'heldOut' must be a whole number from 1");
        assertThatThrownBy(() -> new JobDefinition("e", JobKind.EVALUATION, Optional.empty(), Map.of("worldSeed", "x")))
                .hasMessageContaining("'worldSeed' must be a whole number, was 'x'");
        assertThatThrownBy(() -> new JobDefinition("t", JobKind.TRAINING, Optional.empty(),
                Map.of("objective", "dpo", "minPairs", "5", "then", "no such name"))).hasMessageContaining("'then' must name a job");
    }
}
