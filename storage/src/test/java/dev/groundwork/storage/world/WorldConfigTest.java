package dev.groundwork.storage.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorldConfigTest {

    @Test
    void defaults_use_80_pixel_images_one_to_six_objects_and_three_rules() {
        WorldConfig config = WorldConfig.defaults(10, 7);

        assertThat(config.imageSize()).isEqualTo(80);
        assertThat(config.minObjects()).isEqualTo(1);
        assertThat(config.maxObjects()).isEqualTo(6);
        assertThat(config.rules()).extracting(CoOccurrence::spec)
                .containsExactly("circle:star:0.8", "triangle:square:0.75", "diamond:hexagon:0.7");
    }

    @Test
    void a_rule_parses_from_its_cli_form() {
        assertThat(CoOccurrence.parse(" Circle : star : 0.8 ")).isEqualTo(new CoOccurrence("circle", "star", 0.8));
    }

    @Test
    void malformed_rules_are_rejected_with_clear_messages() {
        assertThatThrownBy(() -> CoOccurrence.parse("circle:star"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given:partner:probability");
        assertThatThrownBy(() -> CoOccurrence.parse("circle:star:often"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'often' is not a number");
        assertThatThrownBy(() -> CoOccurrence.parse("circle:blob:0.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown shape class 'blob'");
        assertThatThrownBy(() -> CoOccurrence.parse("circle:star:1.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> CoOccurrence.parse("star:star:0.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same class twice");
    }

    @Test
    void rule_sets_that_cannot_hold_exactly_are_rejected() {
        WorldConfig base = WorldConfig.defaults(10, 1);

        assertThatThrownBy(() -> base.withRules(List.of(CoOccurrence.parse("circle:star:0.5"),
                        CoOccurrence.parse("star:ring:0.5"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'star' is both a partner and a given");
        assertThatThrownBy(() -> base.withRules(List.of(CoOccurrence.parse("circle:star:0.5"),
                        CoOccurrence.parse("circle:ring:0.5"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'circle' is the given of more than one");
        assertThatThrownBy(() -> base.withRules(List.of(CoOccurrence.parse("circle:star:0.5"),
                        CoOccurrence.parse("square:star:0.5"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'star' is the partner of more than one");
        assertThatThrownBy(() -> base.withRules(List.of(CoOccurrence.parse("circle:star:0.5"),
                        CoOccurrence.parse("square:ring:0.5"), CoOccurrence.parse("triangle:cross:0.5"),
                        CoOccurrence.parse("diamond:hexagon:0.5"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 3 co-occurrence rules");
    }

    @Test
    void out_of_range_sizes_are_rejected() {
        assertThatThrownBy(() -> WorldConfig.defaults(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scenes must be between 1");
        assertThatThrownBy(() -> WorldConfig.defaults(1, 1).withImageSize(63))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imageSize must be between 64 and 96");
        assertThatThrownBy(() -> new WorldConfig(1, 1, 80, 1, 7, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxObjects must be between");
        assertThatThrownBy(() -> new WorldConfig(1, 1, 80, 0, 6, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minObjects must be at least 1");
    }
}
