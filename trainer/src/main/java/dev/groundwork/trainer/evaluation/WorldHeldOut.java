package dev.groundwork.trainer.evaluation;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.train.Picture;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The synthetic world's held-out scenes, {@code trainScenes .. config.scenes()-1}: every item of each (the caption,
 * the attribute, count and relation questions, and the POPE probes of the three splits). The training commands hold
 * out the same scenes for the same world, so the policy has never seen them.
 */
public final class WorldHeldOut implements EvaluationSuite {

    public static final String NAME = "world-heldout";

    private final WorldConfig config;
    private final int trainScenes;
    private List<Case> cases;

    public WorldHeldOut(WorldConfig config, int trainScenes) {
        this.config = Objects.requireNonNull(config, "config");
        if (trainScenes < 0 || trainScenes >= config.scenes()) {
            throw new IllegalArgumentException("the world has " + config.scenes() + " scenes; held-out scenes start at "
                    + trainScenes + ", so none is left");
        }
        this.trainScenes = trainScenes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "synthetic world seed " + config.seed() + ", held-out scenes " + trainScenes + ".." + (config.scenes() - 1)
                + ", " + config.imageSize() + " px, co-occurrence rules " + config.rules();
    }

    @Override
    public synchronized List<Case> cases() {
        if (cases == null) {
            // Popular and adversarial negatives depend on the whole world's statistics, so the whole world is generated,
            // as training does; only the held-out scenes are rendered.
            World world = World.generate(config);
            List<Case> out = new ArrayList<>();
            for (Scene scene : world.scenes().subList(trainScenes, config.scenes())) {
                Picture picture = Picture.of(world.render(scene));
                for (Manifest.Item item : world.items(scene)) {
                    out.add(new Case(item, picture, () -> world.png(scene)));
                }
            }
            cases = List.copyOf(out);
        }
        return cases;
    }
}
