package dev.groundwork.storage.world;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that determines a generated world: the same config always gives the same scenes,
 * items and image bytes.
 *
 * @param scenes number of scenes, {@code 1..}{@value #MAX_SCENES}
 * @param seed world seed; scene {@code i} is derived from {@code (seed, i)} only
 * @param imageSize side of the square images in pixels, {@value #MIN_IMAGE_SIZE}..{@value #MAX_IMAGE_SIZE}
 * @param minObjects fewest objects drawn for a scene (before co-occurrence rules), at least 1
 * @param maxObjects most objects in a scene, at most {@value #MAX_OBJECTS} so that every scene
 *     lacks some classes (POPE needs an absent class)
 * @param rules co-occurrence biases; a given appears at most once, a partner at most once and
 *     never as a given, and {@code 2 * rules <= maxObjects} so a rule's partner always fits
 */
public record WorldConfig(
        int scenes, long seed, int imageSize, int minObjects, int maxObjects, List<CoOccurrence> rules) {

    public static final int MAX_SCENES = 1_000_000;
    public static final int MIN_IMAGE_SIZE = 64;
    public static final int MAX_IMAGE_SIZE = 96;
    public static final int DEFAULT_IMAGE_SIZE = 80;
    public static final int DEFAULT_MIN_OBJECTS = 1;
    public static final int DEFAULT_MAX_OBJECTS = 6;
    public static final int MAX_OBJECTS = 6;

    /** circle→star 0.8, triangle→square 0.75, diamond→hexagon 0.7. */
    public static final List<CoOccurrence> DEFAULT_RULES = List.of(
            new CoOccurrence("circle", "star", 0.8),
            new CoOccurrence("triangle", "square", 0.75),
            new CoOccurrence("diamond", "hexagon", 0.7));

    public WorldConfig {
        if (scenes < 1 || scenes > MAX_SCENES) {
            throw new IllegalArgumentException("scenes must be between 1 and " + MAX_SCENES + ", got " + scenes);
        }
        if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("imageSize must be between " + MIN_IMAGE_SIZE + " and "
                    + MAX_IMAGE_SIZE + " pixels, got " + imageSize);
        }
        if (minObjects < 1) {
            throw new IllegalArgumentException("minObjects must be at least 1, got " + minObjects);
        }
        if (maxObjects < minObjects || maxObjects > MAX_OBJECTS) {
            throw new IllegalArgumentException("maxObjects must be between minObjects (" + minObjects + ") and "
                    + MAX_OBJECTS + ", got " + maxObjects);
        }
        Objects.requireNonNull(rules, "rules (use an empty list for none)");
        rules = List.copyOf(rules);
        validateRules(rules, maxObjects);
    }

    /** {@code scenes} scenes of 80 px with 1..6 objects and {@link #DEFAULT_RULES}. */
    public static WorldConfig defaults(int scenes, long seed) {
        return new WorldConfig(
                scenes, seed, DEFAULT_IMAGE_SIZE, DEFAULT_MIN_OBJECTS, DEFAULT_MAX_OBJECTS, DEFAULT_RULES);
    }

    /** This config with other rules. */
    public WorldConfig withRules(List<CoOccurrence> newRules) {
        return new WorldConfig(scenes, seed, imageSize, minObjects, maxObjects, newRules);
    }

    /** This config with another image size. */
    public WorldConfig withImageSize(int newImageSize) {
        return new WorldConfig(scenes, seed, newImageSize, minObjects, maxObjects, rules);
    }

    /** This config with another number of scenes. */
    public WorldConfig withScenes(int newScenes) {
        return new WorldConfig(newScenes, seed, imageSize, minObjects, maxObjects, rules);
    }

    /** This config with another seed. */
    public WorldConfig withSeed(long newSeed) {
        return new WorldConfig(scenes, newSeed, imageSize, minObjects, maxObjects, rules);
    }

    private static void validateRules(List<CoOccurrence> rules, int maxObjects) {
        Set<String> givens = new HashSet<>();
        Set<String> partners = new HashSet<>();
        for (CoOccurrence rule : rules) {
            Objects.requireNonNull(rule, "co-occurrence rule");
            if (!givens.add(rule.given())) {
                throw new IllegalArgumentException("class '" + rule.given()
                        + "' is the given of more than one co-occurrence rule; give each class at most one rule");
            }
            if (!partners.add(rule.partner())) {
                throw new IllegalArgumentException("class '" + rule.partner()
                        + "' is the partner of more than one co-occurrence rule; P(partner | given) could not"
                        + " hold exactly for both");
            }
        }
        for (String partner : partners) {
            if (givens.contains(partner)) {
                throw new IllegalArgumentException("class '" + partner
                        + "' is both a partner and a given of co-occurrence rules; chains are not supported");
            }
        }
        if (2 * rules.size() > maxObjects) {
            throw new IllegalArgumentException("at most " + (maxObjects / 2) + " co-occurrence rules fit scenes of at"
                    + " most " + maxObjects + " objects (each rule needs room for its pair), got " + rules.size());
        }
    }
}
