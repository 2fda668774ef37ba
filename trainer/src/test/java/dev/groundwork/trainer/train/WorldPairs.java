package dev.groundwork.trainer.train;

import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.data.PreferenceSet;
import dev.groundwork.trainer.data.WorldData;
import dev.groundwork.trainer.model.WordTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The trainer tests' standard world data, through {@link WorldData} (the one place training data is built): short
 * attribute questions and POPE probes of world seed 7, and a tiny SFT policy trained on it once per JVM.
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
        WorldData world = new WorldData(WorldConfig.defaults(trainScenes + heldOutScenes, seed), trainScenes, CATEGORIES);
        PreferenceSet pairs = world.preferences();
        train.addAll(pairs.train());
        heldOut.addAll(pairs.heldOut());
        heldOutCategories.addAll(world.heldOutCategories());
        sft.addAll(world.sft().train());
        tokenizer = WordTokenizer.fit(pairs.texts());
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
