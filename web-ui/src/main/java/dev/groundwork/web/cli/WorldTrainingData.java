package dev.groundwork.web.cli;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.train.Batches;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.PreferenceExample;
import dev.groundwork.trainer.train.SftExample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Training data from the synthetic world: SFT examples (the faithful answer of each item) and
 * preference pairs (faithful vs each perturbed answer), split by scene into training and held-out.
 * Short items only (attribute, count and relation questions, POPE probes) so sequences fit.
 */
final class WorldTrainingData {

    static final Set<String> CATEGORIES = Set.of("attribute", "count", "relation", "pope-random", "pope-popular", "pope-adversarial");

    final List<SftExample> sft = new ArrayList<>();
    final List<PreferenceExample> train = new ArrayList<>();
    final List<PreferenceExample> heldOut = new ArrayList<>();
    final List<SftExample> heldOutSft = new ArrayList<>();
    final WordTokenizer tokenizer;
    final String description;

    WorldTrainingData(int trainScenes, int heldOutScenes, long seed) {
        World world = World.generate(WorldConfig.defaults(trainScenes + heldOutScenes, seed));
        description = "synthetic world seed " + seed + ", scenes 0.." + (trainScenes - 1) + " train, "
                + trainScenes + ".." + (trainScenes + heldOutScenes - 1) + " held out, categories " + CATEGORIES;
        List<String> texts = new ArrayList<>(List.of(Batches.SEPARATOR));
        for (Scene scene : world.scenes()) {
            boolean training = scene.index() < trainScenes;
            Picture picture = Picture.of(world.render(scene));
            Set<String> seen = new LinkedHashSet<>();
            for (Manifest.Item item : world.items(scene)) {
                if (!CATEGORIES.contains(item.category()) || item.responses().isEmpty()) {
                    continue;
                }
                Manifest.Response faithful = item.responses().get(0);
                texts.add(item.prompt());
                item.responses().forEach(r -> texts.add(r.text()));
                if (seen.add(item.prompt() + "|" + faithful.text())) {
                    (training ? sft : heldOutSft).add(new SftExample(picture, item.prompt(), faithful.text()));
                }
                for (Manifest.Response perturbed : item.responses().subList(1, item.responses().size())) {
                    if (seen.add(item.prompt() + "|" + faithful.text() + "|" + perturbed.text())) {
                        (training ? train : heldOut).add(new PreferenceExample(picture, item.prompt(), faithful.text(), perturbed.text()));
                    }
                }
            }
        }
        tokenizer = WordTokenizer.fit(texts);
    }
}
