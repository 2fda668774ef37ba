package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The caption item of a scene: the faithful caption as reference and first response, then one
 * response per possible perturbation (object, attribute, count, relation). It carries the scene's
 * ground truth.
 */
final class CaptionItems {

    static final String PROMPT = "Describe the image.";

    private final NegativeSampler negatives;

    CaptionItems(NegativeSampler negatives) {
        this.negatives = negatives;
    }

    Manifest.Item item(Scene scene, SplittableRandom rng) {
        Caption caption = Caption.faithful(scene, rng);
        List<Manifest.Response> responses = new ArrayList<>();
        responses.add(Responses.faithful(caption.text()));
        responses.add(object(scene, caption, rng));
        attribute(scene, caption, rng, responses);
        count(caption, rng, responses);
        relation(caption, rng, responses);
        return new Manifest.Item(scene.name() + "-caption", scene.imagePath(), PROMPT, TaskType.CAPTION, "caption",
                caption.text(), responses, scene.groundTruth());
    }

    private Manifest.Response object(Scene scene, Caption caption, SplittableRandom rng) {
        Shape absent = negatives.hallucinatedObject(scene);
        Size size = Size.values()[rng.nextInt(Size.values().length)];
        Colour colour = Colour.values()[rng.nextInt(Colour.values().length)];
        Caption perturbed = caption.withMention(new Caption.Mention(size, colour, absent));
        return Responses.perturbed("object", perturbed.text(), Responses.object(absent));
    }

    /** Swaps one object's colour to one no object of its class has, so the text stays unambiguous. */
    private static void attribute(Scene scene, Caption caption, SplittableRandom rng, List<Manifest.Response> out) {
        record Swap(WorldObject subject, Colour colour) {}
        List<Swap> options = new ArrayList<>();
        for (WorldObject o : scene.objects()) {
            for (Colour c : Colour.values()) {
                boolean taken = scene.objects().stream().anyMatch(p -> p.shape() == o.shape() && p.colour() == c);
                if (!taken) {
                    options.add(new Swap(o, c));
                }
            }
        }
        if (options.isEmpty()) {
            return;
        }
        Swap pick = options.get(rng.nextInt(options.size()));
        WorldObject subject = pick.subject();
        Colour claimed = pick.colour();
        Caption perturbed = caption.withColour(subject.id(), claimed);
        out.add(Responses.perturbed("attribute", perturbed.text(), Responses.colour(subject, claimed)));
    }

    private static void count(Caption caption, SplittableRandom rng, List<Manifest.Response> out) {
        if (caption.counts().isEmpty()) {
            return;
        }
        int claim = rng.nextInt(caption.counts().size());
        Caption.CountClaim actual = caption.counts().get(claim);
        int claimed = Responses.wrongCount(actual.count(), rng);
        out.add(Responses.perturbed("count", caption.withCount(claim, claimed).text(),
                Responses.count(actual.shape(), claimed, actual.count())));
    }

    private static void relation(Caption caption, SplittableRandom rng, List<Manifest.Response> out) {
        if (caption.statements().isEmpty()) {
            return;
        }
        int index = rng.nextInt(caption.statements().size());
        Caption.Statement actual = caption.statements().get(index);
        String claimed = Relations.inverse(actual.predicate());
        out.add(Responses.perturbed("relation", caption.withPredicate(index, claimed).text(),
                Responses.relation(actual.subject(), actual.object(), claimed, actual.predicate())));
    }
}
