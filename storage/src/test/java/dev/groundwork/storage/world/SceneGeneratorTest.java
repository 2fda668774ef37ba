package dev.groundwork.storage.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.dataset.Manifest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    @Test
    void same_seed_gives_identical_image_hashes_and_ground_truth() {
        World first = World.generate(WorldConfig.defaults(25, 11));
        World second = World.generate(WorldConfig.defaults(25, 11));

        assertThat(imageHashes(second)).isEqualTo(imageHashes(first));
        assertThat(groundTruths(second)).isEqualTo(groundTruths(first));
        assertThat(second.items()).isEqualTo(first.items());
    }

    @Test
    void different_seed_gives_different_image_hashes() {
        List<String> a = imageHashes(World.generate(WorldConfig.defaults(25, 11)));
        List<String> b = imageHashes(World.generate(WorldConfig.defaults(25, 12)));

        assertThat(b).doesNotContainAnyElementsOf(a);
    }

    @Test
    void scene_i_is_the_same_whether_10_or_50_scenes_are_generated() {
        World small = World.generate(WorldConfig.defaults(10, 5));
        World large = World.generate(WorldConfig.defaults(50, 5));

        assertThat(large.scenes().subList(0, 10)).isEqualTo(small.scenes());
        assertThat(imageHashes(large).subList(0, 10)).isEqualTo(imageHashes(small));
        assertThat(World.scene(WorldConfig.defaults(50, 5), 7)).isEqualTo(small.scenes().get(7));
    }

    @Test
    void objects_fit_in_the_image_without_overlap_and_within_the_object_maximum() {
        for (int size : new int[] {64, 80, 96}) {
            World world = World.generate(WorldConfig.defaults(400, 3).withImageSize(size));
            for (Scene scene : world.scenes()) {
                assertThat(scene.objects()).hasSizeBetween(1, 6);
                assertThat(scene.absentShapes()).isNotEmpty();
                for (WorldObject a : scene.objects()) {
                    assertThat(a.x()).isGreaterThanOrEqualTo(Layout.BORDER);
                    assertThat(a.y()).isGreaterThanOrEqualTo(Layout.BORDER);
                    assertThat(a.x() + a.width()).isLessThanOrEqualTo(size - Layout.BORDER);
                    assertThat(a.y() + a.height()).isLessThanOrEqualTo(size - Layout.BORDER);
                    for (WorldObject b : scene.objects()) {
                        if (a.id() < b.id()) {
                            boolean apart = a.x() + a.width() + Layout.GAP <= b.x() || b.x() + b.width() + Layout.GAP <= a.x()
                                    || a.y() + a.height() + Layout.GAP <= b.y() || b.y() + b.height() + Layout.GAP <= a.y();
                            assertThat(apart).as("%s objects %d and %d apart", scene.name(), a.id(), b.id()).isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void small_and_large_objects_have_their_pixel_sizes() {
        World world = World.generate(WorldConfig.defaults(300, 8));
        List<WorldObject> objects = world.scenes().stream().flatMap(s -> s.objects().stream()).toList();

        assertThat(objects).filteredOn(o -> o.size() == Size.SMALL).isNotEmpty()
                .allSatisfy(o -> assertThat(o.width()).isBetween(10, 12));
        assertThat(objects).filteredOn(o -> o.size() == Size.LARGE).isNotEmpty()
                .allSatisfy(o -> assertThat(o.width()).isBetween(25, 28));
    }

    @Test
    void a_small_object_is_at_most_half_as_wide_as_a_large_one_at_every_image_size() {
        for (int size : new int[] {64, 80, 96}) {
            World world = World.generate(WorldConfig.defaults(300, 8).withImageSize(size));
            List<WorldObject> objects = world.scenes().stream().flatMap(s -> s.objects().stream()).toList();
            int largestSmall = objects.stream().filter(o -> o.size() == Size.SMALL).mapToInt(WorldObject::width).max()
                    .orElseThrow();
            int smallestLarge = objects.stream().filter(o -> o.size() == Size.LARGE).mapToInt(WorldObject::width).min()
                    .orElseThrow();
            assertThat(2 * largestSmall).as("image size %d", size).isLessThanOrEqualTo(smallestLarge);
            // Layout still places most drawn large objects large (it shrinks one only when it does not fit).
            assertThat(objects.stream().filter(o -> o.size() == Size.LARGE).count()).as("image size %d", size)
                    .isGreaterThan(objects.size() / 3);
        }
    }

    @Test
    void some_scenes_repeat_a_class_so_counts_exceed_one() {
        World world = World.generate(WorldConfig.defaults(200, 4));

        long repeating = world.scenes().stream()
                .filter(s -> s.presentShapes().stream().anyMatch(shape -> s.count(shape) > 1))
                .count();
        assertThat(repeating).isGreaterThan(40);
    }

    @Test
    void relations_are_every_unambiguous_fact_in_both_directions() {
        World world = World.generate(WorldConfig.defaults(100, 9));
        for (Scene scene : world.scenes()) {
            List<Manifest.Relation> expected = new ArrayList<>();
            for (WorldObject a : scene.objects()) {
                for (WorldObject b : scene.objects()) {
                    if (a == b) {
                        continue;
                    }
                    double dx = b.centreX() - a.centreX();
                    double dy = b.centreY() - a.centreY();
                    if (dx > 4) {
                        expected.add(new Manifest.Relation(a.id(), "left_of", b.id()));
                    }
                    if (dx < -4) {
                        expected.add(new Manifest.Relation(a.id(), "right_of", b.id()));
                    }
                    if (dy > 4) {
                        expected.add(new Manifest.Relation(a.id(), "above", b.id()));
                    }
                    if (dy < -4) {
                        expected.add(new Manifest.Relation(a.id(), "below", b.id()));
                    }
                    assertThat(scene.predicates(a.id(), b.id())).as("some relation between two objects").isNotEmpty();
                }
            }
            assertThat(scene.relations()).containsExactlyInAnyOrderElementsOf(expected);
            for (Manifest.Relation r : scene.relations()) {
                assertThat(scene.holds(r.object(), Relations.inverse(r.predicate()), r.subject())).isTrue();
            }
        }
    }

    static List<String> imageHashes(World world) {
        return world.scenes().stream().map(s -> sha256(world.png(s))).toList();
    }

    private static List<Manifest.GroundTruth> groundTruths(World world) {
        return world.scenes().stream().map(s -> world.items(s).get(0).groundTruth()).toList();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
