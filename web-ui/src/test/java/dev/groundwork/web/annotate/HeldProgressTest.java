package dev.groundwork.web.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeldProgressTest {

    @Test
    void held_verdicts_count_as_done_and_the_line_says_how_many_are_not_saved() {
        assertThat(new HeldProgress(0, 40, 0).text()).isEqualTo("0 / 40 done");
        HeldProgress held = new HeldProgress(11, 40, 1);
        assertThat(held.text()).isEqualTo("12 / 40 done · 1 not saved yet");
        assertThat(held.fraction()).isEqualTo(12.0 / 40);
        assertThat(new HeldProgress(12, 40, 0).text()).as("once written").isEqualTo("12 / 40 done");
    }

    @Test
    void the_count_never_passes_the_assignments_and_an_empty_queue_is_zero() {
        assertThat(new HeldProgress(40, 40, 2).counted()).isEqualTo(40);
        assertThat(new HeldProgress(40, 40, 2).fraction()).isEqualTo(1.0);
        assertThat(new HeldProgress(0, 0, 0).fraction()).isZero();
        assertThatThrownBy(() -> new HeldProgress(0, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
