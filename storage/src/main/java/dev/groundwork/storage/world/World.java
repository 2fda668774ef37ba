package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.Manifest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A generated synthetic scene world: scenes of simple coloured shapes with exact ground truth,
 * the items and candidate responses of a hallucination dataset about them, and the world's class
 * statistics.
 *
 * <p>{@link #generate} computes scenes and items only (fast, no pixels); {@link #render},
 * {@link #png} and {@link #writeDataset} draw images on demand. Everything is a pure function of
 * the {@link WorldConfig}.
 */
public final class World {

    /** Generator name written to the manifest header's {@code source}. */
    public static final String GENERATOR = "groundwork-world";
    /** Generator version; changes whenever the same config would give different output. */
    public static final String VERSION = "2";

    private final WorldConfig config;
    private final List<Scene> scenes;
    private final List<List<Manifest.Item>> itemsByScene;
    private final List<Manifest.Item> items;
    private final WorldStats stats;
    private final SceneRenderer renderer = new SceneRenderer();

    private World(WorldConfig config, List<Scene> scenes, List<List<Manifest.Item>> itemsByScene, WorldStats stats) {
        this.config = config;
        this.scenes = scenes;
        this.itemsByScene = itemsByScene;
        List<Manifest.Item> all = new ArrayList<>();
        itemsByScene.forEach(all::addAll);
        this.items = List.copyOf(all);
        this.stats = stats;
    }

    /**
     * Generates all scenes, then the world statistics, then the items (two passes, because popular
     * and adversarial POPE negatives depend on the whole world). Renders nothing.
     */
    public static World generate(WorldConfig config) {
        Objects.requireNonNull(config, "config");
        SceneGenerator generator = new SceneGenerator(config);
        List<Scene> scenes = IntStream.range(0, config.scenes()).mapToObj(generator::generate).toList();
        WorldStats stats = WorldStats.of(scenes);
        SceneItems items = new SceneItems(stats, config.rules());
        List<List<Manifest.Item>> itemsByScene = scenes.stream().map(items::items).toList();
        return new World(config, scenes, itemsByScene, stats);
    }

    /** Scene {@code index} of the world {@code config} describes, without generating the others. */
    public static Scene scene(WorldConfig config, int index) {
        if (index < 0 || index >= config.scenes()) {
            throw new IllegalArgumentException("scene index must be between 0 and " + (config.scenes() - 1) + ", got " + index);
        }
        return new SceneGenerator(config).generate(index);
    }

    public WorldConfig config() {
        return config;
    }

    /** The scenes, by index. */
    public List<Scene> scenes() {
        return scenes;
    }

    /** All items in manifest order (scene by scene). */
    public List<Manifest.Item> items() {
        return items;
    }

    /** The items of one scene; the first is its caption item, which carries the ground truth. */
    public List<Manifest.Item> items(Scene scene) {
        return itemsByScene.get(scene.index());
    }

    /** Class frequencies and the empirical co-occurrence table. */
    public WorldStats stats() {
        return stats;
    }

    /** The measured {@code P(partner | given)} of every configured rule, in rule order. */
    public List<RuleMeasurement> measureRules() {
        return config.rules().stream()
                .map(rule -> new RuleMeasurement(rule, stats.frequency(rule.givenShape()),
                        stats.together(rule.givenShape(), rule.partnerShape())))
                .toList();
    }

    /** The scene's image ({@code TYPE_INT_RGB}, {@code imageSize x imageSize}). */
    public BufferedImage render(Scene scene) {
        return renderer.render(scene);
    }

    /** The scene's image as PNG bytes. */
    public byte[] png(Scene scene) {
        return renderer.png(scene);
    }

    /**
     * Writes {@code outDir/manifest.jsonl} (header, then one item per line) and
     * {@code outDir/images/sNNNNNN.png}, rendering each image as it goes. {@code outDir} must be
     * missing, empty, or an earlier world output (whose manifest and images are replaced).
     *
     * @throws IllegalArgumentException when {@code outDir} holds something else
     */
    public void writeDataset(Path outDir, String datasetName) throws IOException {
        new WorldWriter(this, renderer).write(outDir, datasetName);
    }
}
