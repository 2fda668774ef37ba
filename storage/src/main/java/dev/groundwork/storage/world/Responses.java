package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.dataset.Manifest;
import java.util.SplittableRandom;

/** Candidate responses of the world's generators and the hallucinations they carry. */
final class Responses {

    /** Model name of the faithful responses. */
    static final String FAITHFUL_MODEL = "world-faithful";
    /** Model name of the perturbed (hallucinating) responses. */
    static final String PERTURBED_MODEL = "world-perturbed";
    /** What a denial of a present object claims (type OTHER). */
    static final String DENIAL = "denies a present object";

    private Responses() {}

    static Manifest.Response faithful(String text) {
        return new Manifest.Response("faithful", FAITHFUL_MODEL, null, text, null);
    }

    static Manifest.Response perturbed(String id, String text, Manifest.Hallucination hallucination) {
        return new Manifest.Response(id, PERTURBED_MODEL, null, text, hallucination);
    }

    static Manifest.Hallucination object(Shape absent) {
        return new Manifest.Hallucination(HallucinationType.OBJECT, absent.label(), null, null, null, null, null);
    }

    static Manifest.Hallucination colour(WorldObject subject, Colour claimed) {
        return new Manifest.Hallucination(HallucinationType.ATTRIBUTE, null, subject.id(), null, "colour",
                claimed.label(), subject.colour().label());
    }

    static Manifest.Hallucination count(Shape shape, int claimed, int actual) {
        return new Manifest.Hallucination(HallucinationType.COUNT, shape.label(), null, null, null,
                Integer.toString(claimed), Integer.toString(actual));
    }

    static Manifest.Hallucination relation(int subject, int object, String claimed, String actual) {
        return new Manifest.Hallucination(HallucinationType.RELATION, null, subject, object, null, claimed, actual);
    }

    static Manifest.Hallucination denial(Shape present) {
        return new Manifest.Hallucination(HallucinationType.OTHER, present.label(), null, null, null, DENIAL, null);
    }

    /** A wrong count near the true one: {@code actual-1} (when >= 1), {@code actual+1} or {@code actual+2}. */
    static int wrongCount(int actual, SplittableRandom rng) {
        int[] options = actual > 1 ? new int[] {actual - 1, actual + 1, actual + 2} : new int[] {actual + 1, actual + 2};
        return options[rng.nextInt(options.length)];
    }

    /** A colour other than {@code actual}, uniformly. */
    static Colour otherColour(Colour actual, SplittableRandom rng) {
        Colour[] all = Colour.values();
        int pick = rng.nextInt(all.length - 1);
        return all[pick >= actual.ordinal() ? pick + 1 : pick];
    }
}
