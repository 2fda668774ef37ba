package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** The open questions of a scene (attribute, count, relation), each with a faithful and a perturbed answer. */
final class QuestionItems {

    private QuestionItems() {}

    /** "What colour is the {class}?" about an object whose class is unique in the scene. */
    static Optional<Manifest.Item> attribute(Scene scene, SplittableRandom rng) {
        List<WorldObject> unique = scene.uniqueClassObjects();
        if (unique.isEmpty()) {
            return Optional.empty();
        }
        WorldObject o = unique.get(rng.nextInt(unique.size()));
        Colour claimed = Responses.otherColour(o.colour(), rng);
        String the = Phrases.capitalise("the " + o.shape().label());
        List<Manifest.Response> responses = List.of(
                Responses.faithful(the + " is " + o.colour().label() + "."),
                Responses.perturbed("attribute", the + " is " + claimed.label() + ".", Responses.colour(o, claimed)));
        return Optional.of(new Manifest.Item(scene.name() + "-attribute", scene.imagePath(),
                "What colour is the " + o.shape().label() + "?", TaskType.OPEN_QUESTION, "attribute",
                o.colour().label(), responses, null));
    }

    /** "How many {plural} are there?" about a present class. */
    static Manifest.Item count(Scene scene, SplittableRandom rng) {
        List<Shape> present = List.copyOf(scene.presentShapes());
        Shape shape = present.get(rng.nextInt(present.size()));
        int actual = scene.count(shape);
        int claimed = Responses.wrongCount(actual, rng);
        List<Manifest.Response> responses = List.of(
                Responses.faithful(Phrases.count(shape, actual)),
                Responses.perturbed("count", Phrases.count(shape, claimed), Responses.count(shape, claimed, actual)));
        return new Manifest.Item(scene.name() + "-count", scene.imagePath(),
                "How many " + shape.plural() + " are there?", TaskType.OPEN_QUESTION, "count",
                Integer.toString(actual), responses, null);
    }

    /**
     * "Is the {colour class} left or right of the {colour class}?" (or above or below) between two
     * objects with unique descriptors; the reference is the true predicate, e.g. {@code left_of}.
     */
    static Optional<Manifest.Item> relation(Scene scene, SplittableRandom rng) {
        List<WorldObject> unique = scene.uniquelyDescribed();
        if (unique.size() < 2) {
            return Optional.empty();
        }
        List<WorldObject> pool = new ArrayList<>(unique);
        WorldObject a = pool.remove(rng.nextInt(pool.size()));
        WorldObject b = pool.get(rng.nextInt(pool.size()));
        List<String> predicates = scene.predicates(a.id(), b.id());
        if (predicates.isEmpty()) {
            return Optional.empty();
        }
        String actual = predicates.get(rng.nextInt(predicates.size()));
        String claimed = Relations.inverse(actual);
        String choice = Relations.horizontal(actual) ? " left or right of " : " above or below ";
        String prompt = "Is " + Phrases.definite(a.colour(), a.shape()) + choice
                + Phrases.definite(b.colour(), b.shape()) + "?";
        List<Manifest.Response> responses = List.of(
                Responses.faithful(Phrases.relation(a.colour(), a.shape(), actual, b.colour(), b.shape())),
                Responses.perturbed("relation", Phrases.relation(a.colour(), a.shape(), claimed, b.colour(), b.shape()),
                        Responses.relation(a.id(), b.id(), claimed, actual)));
        return Optional.of(new Manifest.Item(scene.name() + "-relation", scene.imagePath(), prompt,
                TaskType.OPEN_QUESTION, "relation", actual, responses, null));
    }
}
