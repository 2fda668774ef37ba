package dev.groundwork.storage.world;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chooses absent classes for a scene: POPE negatives (random, popular, adversarial) and the class
 * of an object hallucination. Ties go to the earlier class in class order.
 */
final class NegativeSampler {

    private final WorldStats stats;
    private final List<CoOccurrence> rules;

    NegativeSampler(WorldStats stats, List<CoOccurrence> rules) {
        this.stats = stats;
        this.rules = rules;
    }

    /** Uniform among the absent classes. */
    Shape random(Scene scene, SplittableRandom rng) {
        List<Shape> absent = scene.absentShapes();
        return absent.get(rng.nextInt(absent.size()));
    }

    /** The absent class occurring in the most scenes of the world. */
    Shape popular(Scene scene) {
        Shape best = null;
        for (Shape candidate : scene.absentShapes()) {
            if (best == null || stats.frequency(candidate) > stats.frequency(best)) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * The absent class with the highest co-occurrence score: the number of world scenes in which
     * it occurs with each present class, summed over the present classes.
     */
    Shape adversarial(Scene scene) {
        Set<Shape> present = scene.presentShapes();
        Shape best = null;
        long bestScore = -1;
        for (Shape candidate : scene.absentShapes()) {
            long score = 0;
            for (Shape p : present) {
                score += stats.together(p, candidate);
            }
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /** The partner of the first rule whose given is present and partner absent, else {@link #adversarial}. */
    Shape hallucinatedObject(Scene scene) {
        Set<Shape> present = scene.presentShapes();
        for (CoOccurrence rule : rules) {
            if (present.contains(rule.givenShape()) && !present.contains(rule.partnerShape())) {
                return rule.partnerShape();
            }
        }
        return adversarial(scene);
    }
}
