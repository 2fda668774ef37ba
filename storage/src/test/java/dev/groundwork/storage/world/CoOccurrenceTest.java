package dev.groundwork.storage.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoOccurrenceTest {

    @Test
    void each_configured_probability_is_reproduced_within_four_standard_errors_over_2000_scenes() {
        World world = World.generate(WorldConfig.defaults(2000, 2024));

        for (CoOccurrence rule : world.config().rules()) {
            Shape given = Shape.fromLabel(rule.given());
            Shape partner = Shape.fromLabel(rule.partner());
            List<Scene> withGiven = world.scenes().stream().filter(s -> s.presentShapes().contains(given)).toList();
            long withBoth = withGiven.stream().filter(s -> s.presentShapes().contains(partner)).count();
            int n = withGiven.size();
            double measured = (double) withBoth / n;
            double p = rule.probability();
            double tolerance = 4 * Math.sqrt(p * (1 - p) / n);

            assertThat(n).as("scenes with %s", given).isGreaterThan(300);
            assertThat(measured).as("P(%s | %s)", partner, given).isCloseTo(p, within(tolerance));
        }
    }

    @Test
    void measured_rule_rates_count_the_scenes_with_the_given_and_with_both() {
        World world = World.generate(WorldConfig.defaults(500, 77));

        for (RuleMeasurement m : world.measureRules()) {
            Shape given = Shape.fromLabel(m.rule().given());
            Shape partner = Shape.fromLabel(m.rule().partner());
            assertThat(m.scenesWithGiven())
                    .isEqualTo(world.scenes().stream().filter(s -> s.presentShapes().contains(given)).count());
            assertThat(m.scenesWithBoth()).isEqualTo(world.scenes().stream()
                    .filter(s -> s.presentShapes().contains(given) && s.presentShapes().contains(partner))
                    .count());
            assertThat(m.rate()).isEqualTo((double) m.scenesWithBoth() / m.scenesWithGiven());
        }
    }

    @Test
    void certain_and_impossible_rules_hold_in_every_scene_even_full_ones() {
        WorldConfig config = WorldConfig.defaults(1000, 31).withRules(List.of(
                CoOccurrence.parse("circle:star:1.0"),
                CoOccurrence.parse("triangle:square:0.0"),
                CoOccurrence.parse("ring:cross:1.0")));
        World world = World.generate(config);

        for (Scene scene : world.scenes()) {
            var present = scene.presentShapes();
            if (present.contains(Shape.CIRCLE)) {
                assertThat(present).as(scene.name()).contains(Shape.STAR);
            }
            if (present.contains(Shape.TRIANGLE)) {
                assertThat(present).as(scene.name()).doesNotContain(Shape.SQUARE);
            }
            if (present.contains(Shape.RING)) {
                assertThat(present).as(scene.name()).contains(Shape.CROSS);
            }
            assertThat(scene.objects()).hasSizeLessThanOrEqualTo(6);
        }
        assertThat(world.scenes()).anySatisfy(s -> {
            assertThat(s.objects()).hasSize(6);
            assertThat(s.presentShapes()).contains(Shape.CIRCLE, Shape.RING);
        });
    }
}
