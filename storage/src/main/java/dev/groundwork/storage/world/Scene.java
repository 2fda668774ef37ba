package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.Manifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One generated scene with exact ground truth.
 *
 * @param index position in the world, {@code 0..scenes-1}
 * @param seed the scene's own seed, derived from the world seed and the index
 * @param imageSize side of the square image in pixels
 * @param objects the objects; {@code objects.get(i).id() == i}
 * @param relations every unambiguous {@code left_of/right_of/above/below} fact between two
 *     distinct objects, both directions
 */
public record Scene(int index, long seed, int imageSize, List<WorldObject> objects, List<Manifest.Relation> relations) {

    public Scene {
        if (index < 0) {
            throw new IllegalArgumentException("scene index must be >= 0, got " + index);
        }
        objects = List.copyOf(objects);
        relations = List.copyOf(relations);
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("scene " + index + " has no objects");
        }
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i).id() != i) {
                throw new IllegalArgumentException("scene " + index + ": object " + i + " has id " + objects.get(i).id());
            }
        }
    }

    /** The scene's name, e.g. {@code s000123}; item ids start with it. */
    public String name() {
        return String.format(Locale.ROOT, "s%06d", index);
    }

    /** Relative path of the scene's image inside a dataset, e.g. {@code images/s000123.png}. */
    public String imagePath() {
        return "images/" + name() + ".png";
    }

    /** The classes present. */
    public Set<Shape> presentShapes() {
        Set<Shape> present = EnumSet.noneOf(Shape.class);
        objects.forEach(o -> present.add(o.shape()));
        return present;
    }

    /** The classes absent, in class order. */
    public List<Shape> absentShapes() {
        Set<Shape> present = presentShapes();
        return Arrays.stream(Shape.values()).filter(s -> !present.contains(s)).toList();
    }

    /** Number of objects of a class. */
    public int count(Shape shape) {
        return (int) objects.stream().filter(o -> o.shape() == shape).count();
    }

    /** Objects whose class occurs once in the scene. */
    public List<WorldObject> uniqueClassObjects() {
        return objects.stream().filter(o -> count(o.shape()) == 1).toList();
    }

    /** Objects whose (colour, class) descriptor occurs once in the scene. */
    public List<WorldObject> uniquelyDescribed() {
        List<WorldObject> unique = new ArrayList<>();
        for (WorldObject o : objects) {
            long same = objects.stream().filter(p -> p.shape() == o.shape() && p.colour() == o.colour()).count();
            if (same == 1) {
                unique.add(o);
            }
        }
        return unique;
    }

    /** The true predicates from {@code subject} to {@code object}, in {@link Manifest#PREDICATES} order. */
    public List<String> predicates(int subject, int object) {
        return relations.stream()
                .filter(r -> r.subject() == subject && r.object() == object)
                .map(Manifest.Relation::predicate)
                .toList();
    }

    /** Whether {@code subject predicate object} holds. */
    public boolean holds(int subject, String predicate, int object) {
        return relations.contains(new Manifest.Relation(subject, Objects.requireNonNull(predicate), object));
    }

    /** The ground truth in the dataset format. */
    public Manifest.GroundTruth groundTruth() {
        return new Manifest.GroundTruth(objects.stream().map(WorldObject::toSceneObject).toList(), relations);
    }
}
