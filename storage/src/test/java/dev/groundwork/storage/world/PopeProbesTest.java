package dev.groundwork.storage.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PopeProbesTest {

    private static final Pattern PROBE = Pattern.compile("Is there a (\\w+) in the image\\?");
    private static final List<String> SPLITS = List.of("pope-random", "pope-popular", "pope-adversarial");

    private static World world;

    @BeforeAll
    static void generate() {
        world = World.generate(WorldConfig.defaults(600, 99));
    }

    @Test
    void every_split_has_one_yes_and_one_no_probe_per_scene_so_is_exactly_half_yes() {
        for (String split : SPLITS) {
            List<Manifest.Item> probes = world.items().stream().filter(i -> split.equals(i.category())).toList();

            assertThat(probes).hasSize(2 * world.scenes().size()).allSatisfy(i -> assertThat(i.task()).isEqualTo(TaskType.YES_NO));
            assertThat(probes.stream().filter(i -> i.reference().equals("yes")).count()).isEqualTo(world.scenes().size());
            assertThat(probes.stream().filter(i -> i.reference().equals("no")).count()).isEqualTo(world.scenes().size());
            for (Scene scene : world.scenes()) {
                assertThat(probes(scene, split)).extracting(Manifest.Item::reference).containsExactlyInAnyOrder("yes", "no");
            }
        }
    }

    @Test
    void yes_probes_name_present_classes_and_no_probes_absent_ones() {
        for (Scene scene : world.scenes()) {
            for (String split : SPLITS) {
                for (Manifest.Item probe : probes(scene, split)) {
                    boolean present = scene.presentShapes().contains(probed(probe));
                    assertThat(present).as(probe.id()).isEqualTo(probe.reference().equals("yes"));
                }
            }
        }
    }

    @Test
    void popular_negatives_are_the_most_frequent_absent_class() {
        Map<Shape, Integer> frequency = frequencies();
        for (Scene scene : world.scenes()) {
            Shape negative = negative(scene, "pope-popular");
            for (Shape other : scene.absentShapes()) {
                assertThat(frequency.get(negative)).isGreaterThanOrEqualTo(frequency.get(other));
                if (frequency.get(other).equals(frequency.get(negative))) {
                    assertThat(negative.ordinal()).isLessThanOrEqualTo(other.ordinal());
                }
            }
        }
    }

    @Test
    void adversarial_negatives_are_the_argmax_of_the_empirical_co_occurrence_score() {
        Map<Shape, Map<Shape, Integer>> together = new EnumMap<>(Shape.class);
        for (Shape a : Shape.values()) {
            Map<Shape, Integer> row = new EnumMap<>(Shape.class);
            for (Shape b : Shape.values()) {
                row.put(b, (int) world.scenes().stream()
                        .filter(s -> s.presentShapes().contains(a) && s.presentShapes().contains(b)).count());
            }
            together.put(a, row);
        }
        for (Scene scene : world.scenes()) {
            Shape expected = null;
            int best = -1;
            for (Shape candidate : Shape.values()) {
                if (scene.presentShapes().contains(candidate)) {
                    continue;
                }
                int score = scene.presentShapes().stream().mapToInt(p -> together.get(p).get(candidate)).sum();
                if (score > best) {
                    best = score;
                    expected = candidate;
                }
            }
            assertThat(negative(scene, "pope-adversarial")).as(scene.name()).isEqualTo(expected);
        }
    }

    @Test
    void with_a_strong_rule_adversarial_negatives_of_scenes_with_the_given_but_not_the_partner_are_mostly_the_partner() {
        World strong = World.generate(WorldConfig.defaults(1500, 5).withRules(List.of(CoOccurrence.parse("circle:star:0.9"))));
        List<Scene> lacking = strong.scenes().stream()
                .filter(s -> s.presentShapes().contains(Shape.CIRCLE) && !s.presentShapes().contains(Shape.STAR))
                .toList();
        long partner = lacking.stream().filter(s -> negative(strong, s, "pope-adversarial") == Shape.STAR).count();

        assertThat(lacking).hasSizeGreaterThan(20);
        assertThat((double) partner / lacking.size()).isGreaterThan(0.5);
    }

    @Test
    void random_negatives_are_spread_over_the_classes() {
        Set<Shape> seen = new HashSet<>();
        world.scenes().forEach(s -> seen.add(negative(s, "pope-random")));

        assertThat(seen).hasSize(Shape.values().length);
    }

    @Test
    void probes_carry_a_faithful_answer_and_a_perturbed_one_of_the_right_type() {
        for (Manifest.Item probe : world.items()) {
            if (probe.task() != TaskType.YES_NO) {
                continue;
            }
            assertThat(probe.responses()).hasSize(2);
            assertThat(probe.responses().get(0).hallucination()).isNull();
            Manifest.Hallucination h = probe.responses().get(1).hallucination();
            if (probe.reference().equals("no")) {
                assertThat(h.type().name()).isEqualTo("OBJECT");
                assertThat(h.label()).isEqualTo(probed(probe).label());
                assertThat(probe.responses().get(1).text()).startsWith("Yes").contains(h.label());
            } else {
                assertThat(h.type().name()).isEqualTo("OTHER");
                assertThat(h.claimed()).isEqualTo("denies a present object");
                assertThat(probe.responses().get(1).text()).isEqualTo(probe.responses().get(0).text().replace("Yes, there is a", "No, there is no"));
            }
        }
    }

    private static Map<Shape, Integer> frequencies() {
        Map<Shape, Integer> frequency = new EnumMap<>(Shape.class);
        for (Shape shape : Shape.values()) {
            frequency.put(shape, (int) world.scenes().stream().filter(s -> s.presentShapes().contains(shape)).count());
        }
        return frequency;
    }

    private static List<Manifest.Item> probes(Scene scene, String split) {
        return world.items(scene).stream().filter(i -> split.equals(i.category())).toList();
    }

    private static Shape negative(Scene scene, String split) {
        return negative(world, scene, split);
    }

    private static Shape negative(World in, Scene scene, String split) {
        return in.items(scene).stream()
                .filter(i -> split.equals(i.category()) && i.reference().equals("no"))
                .map(PopeProbesTest::probed)
                .findFirst()
                .orElseThrow();
    }

    private static Shape probed(Manifest.Item probe) {
        Matcher m = PROBE.matcher(probe.prompt());
        assertThat(m.matches()).as(probe.prompt()).isTrue();
        return Shape.fromLabel(m.group(1));
    }
}
