package dev.groundwork.critic.reward;

import dev.groundwork.critic.judge.Critic;
import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.judge.CriticIdentity;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.critic.judge.Usage;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.RewardScorer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Scores both answers with a trainer reward-model checkpoint (DJL inference, {@link RewardScorer}) and prefers the
 * higher reward, as a Bradley–Terry reward model ranks them. A margin of {@value #STRONG_MARGIN} or more (a preference
 * probability σ(2) ≈ 0.88) is a strong preference; equal rewards are a TIE. The rationale gives both rewards.
 */
public final class RewardModelCritic implements Critic, AutoCloseable {

    /** The reward margin from which the preference is strong. */
    public static final double STRONG_MARGIN = 2.0;

    private final RewardScorer scorer;
    private final CriticIdentity identity;

    private RewardModelCritic(RewardScorer scorer, CriticIdentity identity) {
        this.scorer = scorer;
        this.identity = identity;
    }

    /** The critic of the reward-model checkpoint in {@code directory}; its model name is the directory's name. */
    public static RewardModelCritic load(Path directory) {
        RewardScorer scorer = RewardScorer.load(directory);
        String version = scorer.provenance().codeVersion() == null ? "unknown" : scorer.provenance().codeVersion();
        return new RewardModelCritic(scorer, new CriticIdentity("reward-model",
                directory.toAbsolutePath().normalize().getFileName().toString(), "rm-" + version));
    }

    @Override
    public CriticIdentity identity() {
        return identity;
    }

    @Override
    public synchronized CriticVerdict judge(CriticPair pair) {
        Picture picture = picture(pair);
        double[] r = scorer.rewards(picture, pair.prompt(), List.of(pair.first(), pair.second()));
        double margin = r[0] - r[1];
        Verdict verdict = margin > 0 ? Verdict.A : margin < 0 ? Verdict.B : Verdict.TIE;
        String rationale = String.format(Locale.ROOT, "reward of the first answer %.4f, of the second %.4f (margin %.4f)",
                r[0], r[1], margin);
        return new CriticVerdict(verdict, Math.abs(margin) >= STRONG_MARGIN ? 2 : 1, List.of(), rationale, Usage.NONE);
    }

    private static Picture picture(CriticPair pair) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(pair.image().bytes().get()));
            if (image == null) {
                throw new CriticException(CriticException.Reason.UNSUPPORTED, "pair " + pair.id() + ": the image "
                        + pair.image().sha256() + " (" + pair.image().mediaType() + ") cannot be decoded");
            }
            return Picture.of(image);
        } catch (IOException e) {
            throw new CriticException(CriticException.Reason.UNSUPPORTED, "pair " + pair.id() + ": cannot read the image "
                    + pair.image().sha256() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        scorer.close();
    }
}
