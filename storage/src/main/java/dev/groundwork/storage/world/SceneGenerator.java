package dev.groundwork.storage.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws scene {@code i} from its own random stream, so it is the same whatever the number of
 * scenes.
 *
 * <p>Classes: the object count is uniform in {@code minObjects..maxObjects}; each object repeats
 * a class already drawn with probability {@value #REPEAT_PROBABILITY}, else takes a uniform
 * class. Then each co-occurrence rule {@code X -> Y (p)}, in order, fires when X is present: with
 * probability p, Y is made present (added, or replacing an object when the scene is full), else
 * every Y is removed. Replacement only touches objects whose removal cannot change the presence
 * of any rule's given or of an already decided partner, so every rule's given keeps its drawn
 * presence and {@code P(Y present | X present) = p} exactly.
 */
final class SceneGenerator {

    static final double REPEAT_PROBABILITY = 0.3;

    private final WorldConfig config;
    private final Layout layout;
    private final Set<Shape> givens = EnumSet.noneOf(Shape.class);
    private final List<Shape> partners = new ArrayList<>();

    SceneGenerator(WorldConfig config) {
        this.config = config;
        this.layout = new Layout(config.imageSize());
        for (CoOccurrence rule : config.rules()) {
            givens.add(rule.givenShape());
            partners.add(rule.partnerShape());
        }
    }

    Scene generate(int index) {
        long seed = Seeds.scene(config.seed(), index);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Shape> shapes = drawShapes(rng);
        applyRules(shapes, rng);
        List<Colour> colours = new ArrayList<>(shapes.size());
        List<Size> sizes = new ArrayList<>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            colours.add(Colour.values()[rng.nextInt(Colour.values().length)]);
            sizes.add(Size.values()[rng.nextInt(Size.values().length)]);
        }
        List<WorldObject> objects = layout.place(shapes, colours, sizes, rng);
        return new Scene(index, seed, config.imageSize(), objects, Relations.of(objects));
    }

    private List<Shape> drawShapes(SplittableRandom rng) {
        int n = config.minObjects() + rng.nextInt(config.maxObjects() - config.minObjects() + 1);
        List<Shape> shapes = new ArrayList<>(config.maxObjects());
        Shape[] all = Shape.values();
        for (int i = 0; i < n; i++) {
            if (!shapes.isEmpty() && rng.nextDouble() < REPEAT_PROBABILITY) {
                shapes.add(shapes.get(rng.nextInt(shapes.size())));
            } else {
                shapes.add(all[rng.nextInt(all.length)]);
            }
        }
        return shapes;
    }

    private void applyRules(List<Shape> shapes, SplittableRandom rng) {
        List<CoOccurrence> rules = config.rules();
        for (int k = 0; k < rules.size(); k++) {
            CoOccurrence rule = rules.get(k);
            if (!shapes.contains(rule.givenShape())) {
                continue;
            }
            Shape partner = rule.partnerShape();
            if (rng.nextDouble() < rule.probability()) {
                if (!shapes.contains(partner)) {
                    add(shapes, partner, k, rng);
                }
            } else {
                shapes.removeIf(s -> s == partner);
            }
        }
    }

    private void add(List<Shape> shapes, Shape partner, int ruleIndex, SplittableRandom rng) {
        if (shapes.size() < config.maxObjects()) {
            shapes.add(partner);
            return;
        }
        List<Integer> replaceable = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            if (replaceable(shapes, shapes.get(i), ruleIndex)) {
                replaceable.add(i);
            }
        }
        if (replaceable.isEmpty()) {
            // Impossible while 2 * rules <= maxObjects (checked by WorldConfig).
            throw new IllegalStateException("no object can make room for " + partner.label() + " in " + shapes);
        }
        shapes.set(replaceable.get(rng.nextInt(replaceable.size())), partner);
    }

    /**
     * An object may be replaced when its class stays present anyway, is in no rule, or is the
     * partner of a rule not yet applied (that rule decides its presence afterwards).
     */
    private boolean replaceable(List<Shape> shapes, Shape shape, int ruleIndex) {
        if (Collections.frequency(shapes, shape) > 1) {
            return true;
        }
        if (givens.contains(shape)) {
            return false;
        }
        int partnerOf = partners.indexOf(shape);
        return partnerOf < 0 || partnerOf > ruleIndex;
    }
}
