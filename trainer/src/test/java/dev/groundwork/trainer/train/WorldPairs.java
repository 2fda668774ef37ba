package dev.groundwork.trainer.train;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Preference pairs and SFT examples from the synthetic world: for every item of the chosen categories, the faithful
 * response (the first, no hallucination) against each perturbed one. Scenes 0..train−1 train, the rest are held out.
 * Only test code may touch storage (the trainer's main code must not depend on it).
 */
final class WorldPairs {

    /** Short items: colour questions and the POPE probes ("is there a … in the image?"). */
    static final Set<String> CATEGORIES = Set.of("attribute", "pope-random", "pope-popular", "pope-adversarial");

    final List<PreferenceExample> train = new ArrayList<>();
    final List<PreferenceExample> heldOut = new ArrayList<>();
    final List<String> heldOutCategories = new ArrayList<>();
    final List<SftExample> sft = new ArrayList<>();
    final WordTokenizer tokenizer;

    private static WorldPairs cached;
    private static byte[] sftPolicy;

    /** The tiny policy after {@link #SFT_STEPS} SFT steps on the faithful training answers (seed 11), once per JVM. */
    static synchronized byte[] sftPolicy() {
        if (sftPolicy == null) {
            WorldPairs world = standard();
            long started = System.nanoTime();
            try (SftTrainer sft = new SftTrainer(dev.groundwork.trainer.model.VlmConfig.tiny(), world.tokenizer, world.sft,
                    TrainingOptions.defaults().withSeed(11).withBatchSize(16).withLearningRate(1e-3), Start.fresh())) {
                double before = sft.evaluateLoss(world.sft);
                sft.train(SFT_STEPS);
                System.out.printf("SFT: %d steps on %d examples, token nll %.3f -> %.3f, %.1f s%n", SFT_STEPS, world.sft.size(),
                        before, sft.evaluateLoss(world.sft), (System.nanoTime() - started) / 1e9);
                sftPolicy = sft.parameters();
            }
        }
        return sftPolicy;
    }

    static final int SFT_STEPS = 60;

    /** 60 training and 20 held-out scenes of world seed 7, built once per JVM. */
    static synchronized WorldPairs standard() {
        if (cached == null) {
            cached = new WorldPairs(60, 20, 7);
        }
        return cached;
    }

    WorldPairs(int trainScenes, int heldOutScenes, long seed) {
        World world = World.generate(WorldConfig.defaults(trainScenes + heldOutScenes, seed));
        List<String> texts = new ArrayList<>(List.of(Batches.SEPARATOR));
        for (Scene scene : world.scenes()) {
            boolean training = scene.index() < trainScenes;
            Picture picture = Picture.of(world.render(scene));
            Set<String> seen = new LinkedHashSet<>();
            for (Manifest.Item item : world.items(scene)) {
                if (!CATEGORIES.contains(item.category()) || item.responses().size() < 2) {
                    continue;
                }
                Manifest.Response faithful = item.responses().get(0);
                if (faithful.hallucination() != null) {
                    throw new IllegalStateException("first response of " + item.id() + " is not faithful");
                }
                texts.add(item.prompt());
                texts.add(faithful.text());
                for (Manifest.Response perturbed : item.responses().subList(1, item.responses().size())) {
                    texts.add(perturbed.text());
                    if (!seen.add(item.prompt() + "|" + faithful.text() + "|" + perturbed.text())) {
                        continue; // the POPE "yes" probe repeats across splits
                    }
                    PreferenceExample pair = new PreferenceExample(picture, item.prompt(), faithful.text(), perturbed.text());
                    if (training) {
                        train.add(pair);
                    } else {
                        heldOut.add(pair);
                        heldOutCategories.add(item.category().startsWith("pope") ? "pope" : item.category());
                    }
                }
                if (training && seen.add(item.prompt() + "|" + faithful.text())) {
                    sft.add(new SftExample(picture, item.prompt(), faithful.text()));
                }
            }
        }
        tokenizer = WordTokenizer.fit(texts);
    }

    /** "overall 0.85 (attribute 0.60 of 20, pope 0.91 of 80)" for margins over {@link #heldOut}. */
    String breakdown(double[] margins) {
        java.util.Map<String, int[]> counts = new java.util.TreeMap<>();
        for (int i = 0; i < margins.length; i++) {
            int[] c = counts.computeIfAbsent(heldOutCategories.get(i), k -> new int[2]);
            c[0] += margins[i] > 0 ? 1 : 0;
            c[1]++;
        }
        StringBuilder out = new StringBuilder(String.format("overall %.3f (", ReferencePolicyTrainer.fractionPositive(margins)));
        counts.forEach((category, c) -> out.append(String.format("%s %.3f of %d, ", category, (double) c[0] / c[1], c[1])));
        return out.append(")").toString();
    }
}
