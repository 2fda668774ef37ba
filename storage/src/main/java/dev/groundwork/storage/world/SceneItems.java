package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * All items of one scene, in order: caption (with the ground truth), attribute, count and
 * relation questions where the scene supports them, then the POPE probes. Needs the statistics
 * of the whole world for the popular and adversarial negatives.
 */
final class SceneItems {

    private final CaptionItems captions;
    private final PopeItems pope;

    SceneItems(WorldStats stats, List<CoOccurrence> rules) {
        NegativeSampler negatives = new NegativeSampler(stats, rules);
        this.captions = new CaptionItems(negatives);
        this.pope = new PopeItems(negatives);
    }

    List<Manifest.Item> items(Scene scene) {
        SplittableRandom rng = new SplittableRandom(Seeds.stream(scene.seed(), Seeds.ITEMS));
        List<Manifest.Item> items = new ArrayList<>(11);
        items.add(captions.item(scene, rng));
        QuestionItems.attribute(scene, rng).ifPresent(items::add);
        items.add(QuestionItems.count(scene, rng));
        QuestionItems.relation(scene, rng).ifPresent(items::add);
        items.addAll(pope.items(scene, rng));
        return List.copyOf(items);
    }
}
