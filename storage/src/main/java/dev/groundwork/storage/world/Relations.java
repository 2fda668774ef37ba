package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.Manifest;
import java.util.ArrayList;
import java.util.List;

/** Computes the spatial relations of a scene from box centres, and names predicates. */
final class Relations {

    /** Centres must differ by more than this many pixels for a relation to hold. */
    static final double THRESHOLD = 4.0;

    private Relations() {}

    /**
     * Every relation between distinct objects: {@code a left_of b} when a's centre is more than
     * {@link #THRESHOLD} left of b's, {@code right_of}, {@code above}, {@code below} likewise. Each
     * fact therefore appears with its inverse.
     */
    static List<Manifest.Relation> of(List<WorldObject> objects) {
        List<Manifest.Relation> relations = new ArrayList<>();
        for (WorldObject a : objects) {
            for (WorldObject b : objects) {
                if (a.id() == b.id()) {
                    continue;
                }
                if (a.centreX() < b.centreX() - THRESHOLD) {
                    relations.add(new Manifest.Relation(a.id(), "left_of", b.id()));
                }
                if (a.centreX() > b.centreX() + THRESHOLD) {
                    relations.add(new Manifest.Relation(a.id(), "right_of", b.id()));
                }
                if (a.centreY() < b.centreY() - THRESHOLD) {
                    relations.add(new Manifest.Relation(a.id(), "above", b.id()));
                }
                if (a.centreY() > b.centreY() + THRESHOLD) {
                    relations.add(new Manifest.Relation(a.id(), "below", b.id()));
                }
            }
        }
        return relations;
    }

    /** {@code left_of <-> right_of}, {@code above <-> below}. */
    static String inverse(String predicate) {
        return switch (predicate) {
            case "left_of" -> "right_of";
            case "right_of" -> "left_of";
            case "above" -> "below";
            case "below" -> "above";
            default -> throw new IllegalArgumentException("unknown predicate '" + predicate + "'");
        };
    }

    /** The words of a predicate in a sentence, e.g. {@code to the left of}. */
    static String phrase(String predicate) {
        return switch (predicate) {
            case "left_of" -> "to the left of";
            case "right_of" -> "to the right of";
            case "above" -> "above";
            case "below" -> "below";
            default -> throw new IllegalArgumentException("unknown predicate '" + predicate + "'");
        };
    }

    /** Whether a predicate is {@code left_of} or {@code right_of}. */
    static boolean horizontal(String predicate) {
        return predicate.equals("left_of") || predicate.equals("right_of");
    }
}
