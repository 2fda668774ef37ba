package dev.groundwork.critic.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.critic.judge.CriticImage;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.data.PreferenceSet;
import dev.groundwork.trainer.data.WorldData;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.train.RewardModelTrainer;
import dev.groundwork.trainer.train.SftTrainer;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny reward model trained in the test (SFT warm start, then Bradley–Terry on world pairs), saved as a checkpoint
 * and loaded by the critic, judged on held-out scenes: with the image, and with the image blanked. The critic's
 * verdicts must be exactly the signs of the reward margins the trainer computes for the same pairs (one encoding for
 * training and judging), and blanking the image must leave it near chance.
 *
 * <p>Not met: the issue asks for 80 % agreement with held-out labels. This model reaches about 0.5 (measured
 * 2026-12-01: 0.511 with the image, 0.496 blanked, 139 pairs): it cannot tell the world's shapes apart (docs/trainer.md,
 * "experiment"), and every item here needs that.
 */
class RewardModelCriticTest {

    static final Set<String> CATEGORIES = Set.of("attribute", "pope-random", "pope-popular", "pope-adversarial");
    static final int TRAIN_SCENES = 60;
    static final int HELD_OUT_SCENES = 20;

    @TempDir
    static Path dir;
    static Path checkpoint;
    static World world;
    static PreferenceSet pairs;
    static double[] trainerMargins;

    @BeforeAll
    static void trainTinyRewardModel() throws Exception {
        WorldConfig config = WorldData.config(TRAIN_SCENES, HELD_OUT_SCENES, 7);
        WorldData data = new WorldData(config, TRAIN_SCENES, CATEGORIES);
        world = World.generate(config);
        pairs = data.preferences();
        WordTokenizer tokenizer = WordTokenizer.fit(pairs.texts());
        TrainingOptions options = TrainingOptions.defaults().withSeed(11).withBatchSize(16);
        byte[] sft;
        try (SftTrainer trainer = new SftTrainer(VlmConfig.tiny(), tokenizer, data.sft().train(),
                options.withLearningRate(1e-3), Start.fresh())) {
            trainer.train(60);
            sft = trainer.parameters();
        }
        checkpoint = dir.resolve("rm");
        try (RewardModelTrainer trainer = new RewardModelTrainer(VlmConfig.tiny(), tokenizer, pairs.train(),
                options.withLearningRate(5e-4), Start.fromParameters(sft))) {
            trainer.train(60);
            trainer.save(checkpoint, data.description());
            trainerMargins = trainer.rewardMargins(pairs.heldOut());
        }
    }

    @Test
    void theCriticsVerdictsAreTheSignsOfTheTrainersRewardMargins() throws Exception {
        int same = 0;
        try (RewardModelCritic critic = RewardModelCritic.load(checkpoint)) {
            for (int i = 0; i < pairs.heldOut().size(); i++) {
                var example = pairs.heldOut().get(i);
                byte[] png = png(example.image());
                CriticVerdict v = critic.judge(new CriticPair("p" + i, example.prompt(),
                        dev.groundwork.storage.dataset.TaskType.OPEN_QUESTION,
                        CriticImage.of("0".repeat(64), "image/png", png), example.chosen(), example.rejected(), null));
                Verdict expected = trainerMargins[i] > 0 ? Verdict.A : trainerMargins[i] < 0 ? Verdict.B : Verdict.TIE;
                same += v.verdict() == expected ? 1 : 0;
            }
        }
        assertThat(same).isEqualTo(pairs.heldOut().size());
    }

    @Test
    void agreementWithHeldOutLabelsIsReportedAndBlankingTheImageLeavesItNearChance() throws Exception {
        double[] seeing;
        double[] blind;
        try (RewardModelCritic critic = RewardModelCritic.load(checkpoint)) {
            assertThat(critic.identity().name()).isEqualTo("reward-model");
            seeing = agreement(critic, false);
            blind = agreement(critic, true);
        }
        System.out.printf("reward-model critic agreement on %d held-out pairs: %.3f with the image, %.3f blanked%n",
                (int) seeing[1], seeing[0] / seeing[1], blind[0] / blind[1]);
        assertThat(seeing[1]).isGreaterThan(100);
        assertThat(blind[0] / blind[1]).isBetween(0.35, 0.65);
    }

    @Test
    void aPolicyCheckpointIsNotARewardModel() {
        assertThatThrownBy(() -> RewardModelCritic.load(dir.resolve("missing"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a reward-model checkpoint");
    }

    /** {agreeing, judged} over the held-out scenes' pairs, the faithful answer shown first or second at random. */
    static double[] agreement(RewardModelCritic critic, boolean blank) throws Exception {
        SplittableRandom order = new SplittableRandom(5);
        Map<String, int[]> byCategory = new TreeMap<>();
        double[] total = new double[2];
        for (Scene scene : world.scenes().subList(TRAIN_SCENES, TRAIN_SCENES + HELD_OUT_SCENES)) {
            byte[] png = blank ? blankPng(world.config().imageSize()) : world.png(scene);
            CriticImage image = CriticImage.of(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(png)), "image/png", png);
            for (Manifest.Item item : world.items(scene)) {
                if (!CATEGORIES.contains(item.category())) {
                    continue;
                }
                String good = item.responses().get(0).text();
                for (Manifest.Response bad : item.responses().subList(1, item.responses().size())) {
                    boolean goodFirst = order.nextBoolean();
                    CriticVerdict v = critic.judge(new CriticPair(item.id(), item.prompt(), item.task(), image,
                            goodFirst ? good : bad.text(), goodFirst ? bad.text() : good, null));
                    boolean agrees = v.verdict() == (goodFirst ? Verdict.A : Verdict.B);
                    total[0] += agrees ? 1 : 0;
                    total[1]++;
                    int[] c = byCategory.computeIfAbsent(item.category(), k -> new int[2]);
                    c[0] += agrees ? 1 : 0;
                    c[1]++;
                }
            }
        }
        StringBuilder b = new StringBuilder(blank ? "blanked:" : "with the image:");
        byCategory.forEach((k, c) -> b.append(String.format(" %s %.3f of %d;", k, (double) c[0] / c[1], c[1])));
        System.out.println(b);
        return total;
    }

    /** The picture as PNG bytes (lossless: the critic decodes the same pixels the trainer saw). */
    static byte[] png(dev.groundwork.trainer.train.Picture picture) throws Exception {
        int w = picture.width();
        int h = picture.height();
        float[] chw = picture.chw();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = y * w + x;
                int r = Math.round(chw[at] * 255);
                int g = Math.round(chw[w * h + at] * 255);
                int b = Math.round(chw[2 * w * h + at] * 255);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] blankPng(int size) throws Exception {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(0xF4F1EA));
        g.fillRect(0, 0, size, size);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

}
