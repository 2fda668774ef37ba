package dev.groundwork.storage.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HallucinationTest {

    private static World world;

    @BeforeAll
    static void generate() {
        world = World.generate(WorldConfig.defaults(400, 123));
    }

    @Test
    void each_perturbed_response_carries_a_hallucination_that_checks_against_the_scene() {
        int checked = 0;
        for (Scene scene : world.scenes()) {
            for (Manifest.Item item : world.items(scene)) {
                for (Manifest.Response response : item.responses()) {
                    if (response.hallucination() != null) {
                        check(scene, item, response);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(world.scenes().size() * 8);
    }

    @Test
    void the_first_response_is_faithful_and_response_ids_are_unique_within_an_item() {
        for (Manifest.Item item : world.items()) {
            assertThat(item.responses()).hasSizeGreaterThanOrEqualTo(2);
            Manifest.Response first = item.responses().get(0);
            assertThat(first.id()).isEqualTo("faithful");
            assertThat(first.model()).isEqualTo("world-faithful");
            assertThat(first.hallucination()).isNull();
            assertThat(item.responses().subList(1, item.responses().size())).allSatisfy(r -> {
                assertThat(r.model()).isEqualTo("world-perturbed");
                assertThat(r.hallucination()).isNotNull();
                assertThat(r.text()).isNotEqualTo(first.text());
            });
            assertThat(item.responses()).extracting(Manifest.Response::id).doesNotHaveDuplicates();
        }
    }

    @Test
    void captions_get_object_attribute_count_and_relation_perturbations() {
        Set<HallucinationType> seen = EnumSet.noneOf(HallucinationType.class);
        for (Manifest.Item item : world.items()) {
            if (item.task() == TaskType.CAPTION) {
                assertThat(item.responses().get(1).hallucination().type()).isEqualTo(HallucinationType.OBJECT);
                item.responses().stream().skip(1).forEach(r -> seen.add(r.hallucination().type()));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(HallucinationType.OBJECT, HallucinationType.ATTRIBUTE,
                HallucinationType.COUNT, HallucinationType.RELATION);
    }

    @Test
    void questions_get_the_matching_perturbation_and_true_references() {
        for (Scene scene : world.scenes()) {
            for (Manifest.Item item : world.items(scene)) {
                Manifest.Hallucination h = item.responses().get(1).hallucination();
                switch (String.valueOf(item.category())) {
                    case "attribute" -> {
                        assertThat(h.type()).isEqualTo(HallucinationType.ATTRIBUTE);
                        assertThat(item.prompt()).isEqualTo("What colour is the " + scene.objects().get(h.subject()).shape().label() + "?");
                        assertThat(item.reference()).isEqualTo(h.actual());
                        assertThat(scene.count(scene.objects().get(h.subject()).shape())).isEqualTo(1);
                    }
                    case "count" -> {
                        assertThat(h.type()).isEqualTo(HallucinationType.COUNT);
                        assertThat(item.prompt()).isEqualTo("How many " + Shape.fromLabel(h.label()).plural() + " are there?");
                        assertThat(item.reference()).isEqualTo(h.actual());
                    }
                    case "relation" -> {
                        assertThat(h.type()).isEqualTo(HallucinationType.RELATION);
                        assertThat(item.reference()).isEqualTo(h.actual());
                        assertThat(scene.holds(h.subject(), item.reference(), h.object())).isTrue();
                    }
                    default -> { }
                }
            }
        }
    }

    @Test
    void ground_truth_is_on_the_caption_item_of_each_scene_only() {
        Set<String> ids = new HashSet<>();
        for (Scene scene : world.scenes()) {
            List<Manifest.Item> items = world.items(scene);
            assertThat(items.get(0).id()).isEqualTo(scene.name() + "-caption");
            assertThat(items.get(0).groundTruth()).isEqualTo(scene.groundTruth());
            assertThat(items.subList(1, items.size())).allSatisfy(i -> assertThat(i.groundTruth()).isNull());
            assertThat(items).allSatisfy(i -> {
                assertThat(i.image()).isEqualTo("images/" + scene.name() + ".png");
                assertThat(ids.add(i.id())).as("unique id %s", i.id()).isTrue();
            });
        }
    }

    @Test
    void faithful_captions_mention_every_object() {
        for (Scene scene : world.scenes()) {
            String caption = world.items(scene).get(0).responses().get(0).text();
            int n = scene.objects().size();
            assertThat(caption).startsWith(n == 1 ? "There is 1 object: " : "There are " + n + " objects: ");
            for (WorldObject o : scene.objects()) {
                assertThat(caption).contains(o.size().label() + " " + o.colour().label() + " " + o.shape().label());
            }
        }
    }

    private static void check(Scene scene, Manifest.Item item, Manifest.Response response) {
        Manifest.Hallucination h = response.hallucination();
        String text = response.text();
        switch (h.type()) {
            case OBJECT -> {
                Shape label = Shape.fromLabel(h.label());
                assertThat(scene.presentShapes()).as(item.id()).doesNotContain(label);
                assertThat(text).contains(label.label());
            }
            case ATTRIBUTE -> {
                assertThat(h.attribute()).isEqualTo("colour");
                assertThat(h.claimed()).isNotEqualTo(h.actual());
                assertThat(h.actual()).isEqualTo(scene.objects().get(h.subject()).colour().label());
                String shape = scene.objects().get(h.subject()).shape().label();
                assertThat(text).contains(item.task() == TaskType.CAPTION ? h.claimed() + " " + shape : h.claimed());
            }
            case COUNT -> {
                Shape label = Shape.fromLabel(h.label());
                int claimed = Integer.parseInt(h.claimed());
                assertThat(h.actual()).isEqualTo(Integer.toString(scene.count(label)));
                assertThat(claimed).isGreaterThanOrEqualTo(1).isNotEqualTo(scene.count(label));
                assertThat(text).contains(claimed + " " + label.forCount(claimed));
            }
            case RELATION -> {
                assertThat(scene.predicates(h.subject(), h.object())).contains(h.actual());
                assertThat(h.claimed()).isEqualTo(Relations.inverse(h.actual()));
                assertThat(scene.predicates(h.subject(), h.object())).doesNotContain(h.claimed());
                assertThat(text).contains(h.claimed().replace('_', ' '));
            }
            case OTHER -> {
                assertThat(h.claimed()).isEqualTo("denies a present object");
                assertThat(scene.presentShapes()).contains(Shape.fromLabel(h.label()));
                assertThat(item.reference()).isEqualTo("yes");
            }
        }
    }
}
