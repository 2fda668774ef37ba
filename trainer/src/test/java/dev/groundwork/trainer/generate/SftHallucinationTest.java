package dev.groundwork.trainer.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.CoOccurrence;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.data.WorldData;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.SftExample;
import dev.groundwork.trainer.train.SftTrainer;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SFT policy inherits the world's co-occurrence bias: trained on faithful answers in a world where a circle comes
 * with a star (a triangle with a square, a diamond with a hexagon) 95 % of the time, it says "yes" to "Is there a
 * star?" about held-out scenes without a star that the adversarial POPE split picked (the absent class that co-occurs
 * most with the present ones) far more often than to randomly chosen absent classes.
 *
 * <p>Training uses the naturally distributed probes only — the pope-random yes/no pair, colour and count questions —
 * because the adversarial no-probes would teach the model exactly the exceptions to the bias.
 *
 * <p>Measured on 2 CPU cores (500 steps, about 40 s): the tiny model does not learn to see the shapes in this budget
 * (training POPE accuracy 0.70, held-out no better than the prior); what it learns is the prior that the biased
 * world puts on each class — the rule partners are frequent, so it answers "yes" for them — which is exactly why it
 * hallucinates on adversarial negatives (false-yes 0.77) and much less on random ones (0.43). The budget was 300
 * steps (adversarial 0.67, random 0.32) until the model centred its images ({@code VisionLanguageModel}); centred,
 * step 300 is where the answers first leave all-yes (adversarial 0.48, popular 0.80, random 0.29), and by step 400
 * and 500 the prior is settled again (0.68/0.90/0.45 and 0.77/0.94/0.43). Past that the policy memorises its 120
 * training scenes (training accuracy 0.76 at step 600, held-out random false-yes up to 0.52). The {@code gen.*}
 * system properties change the
 * run ({@code gen.evalEvery} prints the rates along the way); with the default rules (0.8/0.75/0.7) and learning rate
 * 1e-3 the answers flip between all-yes and all-no from one evaluation to the next.
 */
class SftHallucinationTest {

    static final int TRAIN_SCENES = Integer.getInteger("gen.trainScenes", 120);
    static final int HELD_OUT_SCENES = Integer.getInteger("gen.heldOutScenes", 150);
    static final int STEPS = Integer.getInteger("gen.steps", 500);
    static final int EVAL_EVERY = Integer.getInteger("gen.evalEvery", 0);
    static final double LEARNING_RATE = Double.parseDouble(System.getProperty("gen.lr", "4e-4"));
    static final double BIAS = Double.parseDouble(System.getProperty("gen.bias", "0.95"));
    static final long WORLD_SEED = 7;
    static final Set<String> TRAINING_CATEGORIES = Set.of("pope-random", "attribute", "count");

    record Probe(Picture picture, String prompt, String category, String reference) {
    }

    @Test
    void the_sft_policy_answers_yes_to_adversarial_negatives_far_more_often_than_to_random_ones() {
        long started = System.nanoTime();
        WorldConfig config = WorldConfig.defaults(TRAIN_SCENES + HELD_OUT_SCENES, WORLD_SEED);
        if (BIAS > 0) {
            config = config.withRules(List.of(new CoOccurrence("circle", "star", BIAS), new CoOccurrence("triangle", "square", BIAS),
                    new CoOccurrence("diamond", "hexagon", BIAS)));
        }
        // The world's items with their pictures come from WorldData; this test trains on every training-scene item of
        // its categories as it comes (no de-duplication) and fits the vocabulary on all items' prompts and faithful
        // answers, the distribution its thresholds were measured on.
        WorldData world = new WorldData(config, TRAIN_SCENES, TRAINING_CATEGORIES);
        List<SftExample> sft = new ArrayList<>();
        List<Probe> trainingProbes = new ArrayList<>();
        List<Probe> heldOut = new ArrayList<>();
        List<String> texts = new ArrayList<>(List.of(dev.groundwork.trainer.train.Batches.SEPARATOR));
        for (WorldData.SceneItem s : world.items()) {
            Manifest.Item item = s.item();
            String faithful = item.responses().get(0).text();
            texts.add(item.prompt());
            texts.add(faithful);
            boolean pope = item.category().startsWith("pope-");
            if (s.training() && TRAINING_CATEGORIES.contains(item.category())) {
                sft.add(new SftExample(s.picture(), item.prompt(), faithful));
                if (pope) {
                    trainingProbes.add(new Probe(s.picture(), item.prompt(), item.category(), item.reference()));
                }
            } else if (!s.training() && pope && "no".equals(item.reference())) {
                heldOut.add(new Probe(s.picture(), item.prompt(), item.category(), item.reference()));
            }
        }
        WordTokenizer tokenizer = WordTokenizer.fit(texts);
        double worldSeconds = seconds(started);

        byte[] policy;
        try (SftTrainer trainer = new SftTrainer(VlmConfig.tiny(), tokenizer, sft,
                TrainingOptions.defaults().withSeed(11).withBatchSize(16).withLearningRate(LEARNING_RATE), Start.fresh())) {
            for (int done = 0; done < STEPS; ) {
                int chunk = EVAL_EVERY > 0 ? Math.min(EVAL_EVERY, STEPS - done) : STEPS;
                var last = trainer.train(chunk);
                done += chunk;
                if (EVAL_EVERY > 0) {
                    try (Generator g = Generator.load(VlmConfig.tiny(), tokenizer, trainer.parameters(), 1)) {
                        List<String> a = answers(g, heldOut);
                        System.out.printf("step %d (%.1f s): loss %s train acc %.3f, held-out false-yes adv %.3f pop %.3f rand %.3f%n",
                                done, seconds(started), last.metrics().get("loss"), accuracy(g, trainingProbes.subList(0, 96)),
                                falseYesRate(heldOut, a, "pope-adversarial"), falseYesRate(heldOut, a, "pope-popular"),
                                falseYesRate(heldOut, a, "pope-random"));
                    }
                }
            }
            policy = trainer.parameters();
        }
        double trainSeconds = seconds(started) - worldSeconds;

        try (Generator generator = Generator.load(VlmConfig.tiny(), tokenizer, policy, 2)) {
            double trainingAccuracy = accuracy(generator, trainingProbes);
            List<String> answers = answers(generator, heldOut);
            double adversarial = falseYesRate(heldOut, answers, "pope-adversarial");
            double popular = falseYesRate(heldOut, answers, "pope-popular");
            double random = falseYesRate(heldOut, answers, "pope-random");
            System.out.printf("SFT hallucination: %d examples from %d train scenes, %d steps (%.1f s train, %.1f s world);"
                    + " training POPE accuracy %.3f of %d; held-out (%d scenes) false-yes on negatives:"
                    + " adversarial %.3f, popular %.3f, random %.3f; total %.1f s%n", sft.size(), TRAIN_SCENES, STEPS,
                    trainSeconds, worldSeconds, trainingAccuracy, trainingProbes.size(), HELD_OUT_SCENES,
                    adversarial, popular, random, seconds(started));
            System.out.println("e.g. " + heldOut.get(0).prompt() + " -> " + answers.get(0));

            assertThat(trainingAccuracy).as("training-set POPE accuracy").isGreaterThan(0.5);
            assertThat(adversarial).as("false-yes rate on adversarial negatives").isGreaterThanOrEqualTo(random + 0.20);
            assertThat(popular).as("false-yes rate on popular negatives").isGreaterThanOrEqualTo(random + 0.20);
        }
    }

    static double accuracy(Generator generator, List<Probe> probes) {
        List<String> answers = answers(generator, probes);
        double correct = 0;
        for (int i = 0; i < probes.size(); i++) {
            correct += saysYes(answers.get(i)) == "yes".equals(probes.get(i).reference()) ? 1 : 0;
        }
        return correct / probes.size();
    }

    static List<String> answers(Generator generator, List<Probe> probes) {
        List<String> answers = new ArrayList<>();
        for (int from = 0; from < probes.size(); from += 64) {
            List<Probe> chunk = probes.subList(from, Math.min(probes.size(), from + 64));
            answers.addAll(generator.greedy(chunk.stream().map(Probe::picture).toList(), chunk.stream().map(Probe::prompt).toList()));
        }
        return answers;
    }

    /** The share of the category's "no" probes answered with yes. */
    static double falseYesRate(List<Probe> probes, List<String> answers, String category) {
        int negatives = 0;
        int yes = 0;
        for (int i = 0; i < probes.size(); i++) {
            if (probes.get(i).category().equals(category) && "no".equals(probes.get(i).reference())) {
                negatives++;
                yes += saysYes(answers.get(i)) ? 1 : 0;
            }
        }
        return (double) yes / negatives;
    }

    static boolean saysYes(String answer) {
        return answer.startsWith("yes");
    }

    static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
