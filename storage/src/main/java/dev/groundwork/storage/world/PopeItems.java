package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * POPE-style probes "Is there a {class} in the image?": per split ({@code pope-random},
 * {@code pope-popular}, {@code pope-adversarial}) one yes-probe about a present class (the same in
 * every split) and one no-probe about an absent class chosen by the split's rule, so every split is
 * exactly half yes. A probe's two answers are the same two sentences whichever the label ("Yes, there is a {class}."
 * and "No, there is no {class}."), so that a preference between them can be won only by looking at the image, not by
 * the wording.
 */
final class PopeItems {

    /** The splits, in the order their items are emitted. */
    static final List<String> SPLITS = List.of("pope-random", "pope-popular", "pope-adversarial");

    private final NegativeSampler negatives;

    PopeItems(NegativeSampler negatives) {
        this.negatives = negatives;
    }

    List<Manifest.Item> items(Scene scene, SplittableRandom rng) {
        List<Shape> present = List.copyOf(scene.presentShapes());
        Shape yes = present.get(rng.nextInt(present.size()));
        Shape randomNo = negatives.random(scene, rng);
        List<Manifest.Item> items = new ArrayList<>(2 * SPLITS.size());
        for (String split : SPLITS) {
            Shape no = switch (split) {
                case "pope-random" -> randomNo;
                case "pope-popular" -> negatives.popular(scene);
                default -> negatives.adversarial(scene);
            };
            items.add(yesProbe(scene, split, yes));
            items.add(noProbe(scene, split, no));
        }
        return items;
    }

    static String prompt(Shape shape) {
        return "Is there a " + shape.label() + " in the image?";
    }

    private static Manifest.Item yesProbe(Scene scene, String split, Shape shape) {
        List<Manifest.Response> responses = List.of(
                Responses.faithful("Yes, there is a " + shape.label() + "."),
                Responses.perturbed("denial", "No, there is no " + shape.label() + ".", Responses.denial(shape)));
        return new Manifest.Item(scene.name() + "-" + split + "-yes", scene.imagePath(), prompt(shape),
                TaskType.YES_NO, split, "yes", responses, null);
    }

    private static Manifest.Item noProbe(Scene scene, String split, Shape shape) {
        List<Manifest.Response> responses = List.of(
                Responses.faithful("No, there is no " + shape.label() + "."),
                Responses.perturbed("object", "Yes, there is a " + shape.label() + ".", Responses.object(shape)));
        return new Manifest.Item(scene.name() + "-" + split + "-no", scene.imagePath(), prompt(shape),
                TaskType.YES_NO, split, "no", responses, null);
    }
}
