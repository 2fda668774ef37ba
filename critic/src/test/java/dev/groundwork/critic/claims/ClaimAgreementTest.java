package dev.groundwork.critic.claims;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.critic.judge.CriticImage;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The claim checker against the world's known preference labels on held-out scenes (a world seed no training run
 * uses): every (faithful, perturbed) pair of every item, shown in a seeded random order, and the same kinds of pairs
 * worded differently from the world's templates ({@link Paraphrases}). It must prefer the faithful answer in at least
 * 90 % of each set.
 */
class ClaimAgreementTest {

    static final long HELD_OUT_SEED = 90_210L;

    final ClaimChecker checker = new ClaimChecker();

    @Test
    void agreesWithTheWorldsLabelsOnItsOwnTemplates() {
        World world = World.generate(WorldConfig.defaults(300, HELD_OUT_SEED));
        List<Labelled> pairs = new ArrayList<>();
        for (Scene scene : world.scenes()) {
            for (Manifest.Item item : world.items(scene)) {
                Manifest.Response faithful = item.responses().get(0);
                for (Manifest.Response perturbed : item.responses().subList(1, item.responses().size())) {
                    pairs.add(new Labelled(item.category(), item.prompt(), item.task(), faithful.text(),
                            perturbed.text(), scene.groundTruth()));
                }
            }
        }
        Map<String, double[]> byCategory = agreement(pairs);
        print("world templates", byCategory);
        byCategory.forEach((category, counts) ->
                assertThat(counts[0] / counts[1]).as(category).isGreaterThanOrEqualTo(0.90));
    }

    @Test
    void agreesOnParaphrases() {
        World world = World.generate(WorldConfig.defaults(300, HELD_OUT_SEED));
        List<Labelled> pairs = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(7);
        for (Scene scene : world.scenes()) {
            pairs.addAll(Paraphrases.of(scene, rng));
        }
        assertThat(pairs).hasSizeGreaterThan(1000);
        Map<String, double[]> byCategory = agreement(pairs);
        print("paraphrases", byCategory);
        byCategory.forEach((category, counts) ->
                assertThat(counts[0] / counts[1]).as(category).isGreaterThanOrEqualTo(0.90));
    }

    /** A pair whose label is known: {@code good} is preferred to {@code bad}. */
    record Labelled(String category, String prompt, TaskType taskType, String good, String bad,
            Manifest.GroundTruth scene) {}

    /** Per category: {agreeing, judged}. The good answer is shown first or second at random (seeded). */
    Map<String, double[]> agreement(List<Labelled> pairs) {
        SplittableRandom order = new SplittableRandom(11);
        Map<String, double[]> counts = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        for (Labelled p : pairs) {
            boolean goodFirst = order.nextBoolean();
            CriticPair pair = new CriticPair(p.category(), p.prompt(), p.taskType(),
                    CriticImage.of("0".repeat(64), "image/png", new byte[0]),
                    goodFirst ? p.good() : p.bad(), goodFirst ? p.bad() : p.good(), p.scene());
            CriticVerdict v = checker.judge(pair);
            boolean agrees = v.verdict() == (goodFirst ? Verdict.A : Verdict.B);
            double[] c = counts.computeIfAbsent(p.category(), k -> new double[2]);
            c[0] += agrees ? 1 : 0;
            c[1]++;
            if (!agrees && misses.size() < 15) {
                misses.add(p.prompt() + " | good: " + p.good() + " | bad: " + p.bad() + " → " + v.verdict() + "\n    "
                        + v.rationale().replace("\n", "\n    "));
            }
        }
        misses.forEach(m -> System.out.println("miss: " + m));
        return counts;
    }

    static void print(String title, Map<String, double[]> byCategory) {
        double agree = 0;
        double all = 0;
        StringBuilder b = new StringBuilder("claim checker agreement, " + title + ":");
        for (Map.Entry<String, double[]> e : byCategory.entrySet()) {
            b.append(String.format(" %s %.3f (%d);", e.getKey(), e.getValue()[0] / e.getValue()[1], (int) e.getValue()[1]));
            agree += e.getValue()[0];
            all += e.getValue()[1];
        }
        System.out.println(b.append(String.format(" all %.3f (%d)", agree / all, (int) all)));
    }
}
