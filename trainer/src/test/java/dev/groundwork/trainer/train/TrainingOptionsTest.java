package dev.groundwork.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

    @Test
    void the_default_step_size_is_constant() {
        TrainingOptions options = TrainingOptions.defaults();
        assertThat(options.learningRate(1)).isEqualTo(1e-3);
        assertThat(options.learningRate(100_000)).isEqualTo(1e-3);
    }

    @Test
    void warmup_rises_linearly_then_the_cosine_decays_to_the_floor() {
        TrainingOptions options = TrainingOptions.defaults().withSchedule(10, 110);
        assertThat(options.learningRate(1)).isCloseTo(1e-4, within(1e-12));
        assertThat(options.learningRate(10)).isCloseTo(1e-3, within(1e-12));
        assertThat(options.learningRate(60)).isCloseTo(1e-3 * (TrainingOptions.DECAY_FLOOR + 1) / 2, within(1e-12));
        assertThat(options.learningRate(110)).isCloseTo(1e-3 * TrainingOptions.DECAY_FLOOR, within(1e-12));
        assertThat(options.learningRate(500)).isCloseTo(1e-3 * TrainingOptions.DECAY_FLOOR, within(1e-12));
        assertThat(TrainingOptions.defaults().withSchedule(10, 0).learningRate(500)).isEqualTo(1e-3);
    }

    @Test
    void a_decay_that_ends_inside_the_warmup_is_refused() {
        assertThatThrownBy(() -> TrainingOptions.defaults().withSchedule(10, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decaySteps");
        assertThatThrownBy(() -> TrainingOptions.defaults().withSchedule(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
