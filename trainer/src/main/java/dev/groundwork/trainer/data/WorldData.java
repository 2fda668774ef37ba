package dev.groundwork.trainer.data;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.train.Batches;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.PreferenceExample;
import dev.groundwork.trainer.train.SftExample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Training data from the synthetic world: SFT examples (the faithful answer of each item) and preference pairs
 * (the faithful answer against each perturbed one), split by scene: scenes {@code 0..train-1} train, the next
 * {@code heldOut} are held out. Only items of the chosen categories are used (short ones by default, so that
 * sequences fit the small models' text length); the POPE "yes" probe repeats across splits and is kept once.
 */
public final class WorldData implements PreferenceSource, SftSource {

    /** Short items: attribute, count and relation questions, and the POPE probes. */
    public static final Set<String> SHORT_CATEGORIES =
            Set.of("attribute", "count", "relation", "pope-random", "pope-popular", "pope-adversarial");

    private final WorldConfig config;
    private final int trainScenes;
    private final Set<String> categories;
    private List<PreferenceExample> train;
    private List<PreferenceExample> heldOut;
    private List<String> heldOutCategories;
    private List<SftExample> sft;
    private List<SftExample> heldOutSft;
    private List<String> texts;
    private List<SceneItem> items;

    /**
     * A world item with its scene's picture, whatever its category (for evaluation: probes, captions).
     *
     * @param training whether its scene is a training scene
     */
    public record SceneItem(Picture picture, Manifest.Item item, boolean training) {}

    /**
     * @param config the world (scene count = train + held out)
     * @param trainScenes how many of its first scenes train
     * @param categories the item categories to use
     */
    public WorldData(WorldConfig config, int trainScenes, Set<String> categories) {
        this.config = Objects.requireNonNull(config, "config");
        if (trainScenes < 1 || trainScenes > config.scenes()) {
            throw new IllegalArgumentException("train scenes must be in 1.." + config.scenes() + ", was " + trainScenes);
        }
        this.trainScenes = trainScenes;
        this.categories = Set.copyOf(categories);
    }

    /** The default world of {@code trainScenes + heldOutScenes} scenes with {@code seed}, short categories. */
    public static WorldData of(int trainScenes, int heldOutScenes, long seed) {
        return new WorldData(config(trainScenes, heldOutScenes, seed), trainScenes, SHORT_CATEGORIES);
    }

    /** The default world of {@code trainScenes + heldOutScenes} scenes with {@code seed} (what {@link #of} uses). */
    public static WorldConfig config(int trainScenes, int heldOutScenes, long seed) {
        return WorldConfig.defaults(trainScenes + heldOutScenes, seed);
    }

    public String description() {
        return "synthetic world seed " + config.seed() + ", scenes 0.." + (trainScenes - 1) + " train, " + trainScenes + ".."
                + (config.scenes() - 1) + " held out, categories " + new java.util.TreeSet<>(categories);
    }

    @Override
    public PreferenceSet preferences() {
        build();
        return new PreferenceSet(train, heldOut, texts, description(), List.of(), "");
    }

    @Override
    public SftSet sft() {
        build();
        return new SftSet(sft, heldOutSft, texts, description());
    }

    /** Every item of every scene, in scene order, whatever its category. */
    public List<SceneItem> items() {
        build();
        return items;
    }

    /** The category of each held-out pair, in {@link PreferenceSet#heldOut()} order. */
    public List<String> heldOutCategories() {
        build();
        return heldOutCategories;
    }

    private synchronized void build() {
        if (train != null) {
            return;
        }
        World world = World.generate(config);
        List<PreferenceExample> trainPairs = new ArrayList<>();
        List<PreferenceExample> heldOutPairs = new ArrayList<>();
        List<String> heldOutKinds = new ArrayList<>();
        List<SftExample> sftTrain = new ArrayList<>();
        List<SftExample> sftHeldOut = new ArrayList<>();
        List<String> allTexts = new ArrayList<>(List.of(Batches.SEPARATOR));
        List<SceneItem> allItems = new ArrayList<>();
        for (Scene scene : world.scenes()) {
            boolean training = scene.index() < trainScenes;
            Picture picture = Picture.of(world.render(scene));
            Set<String> seen = new LinkedHashSet<>();
            for (Manifest.Item item : world.items(scene)) {
                allItems.add(new SceneItem(picture, item, training));
                if (!categories.contains(item.category()) || item.responses().isEmpty()) {
                    continue;
                }
                Manifest.Response faithful = item.responses().get(0);
                if (faithful.hallucination() != null) {
                    throw new IllegalStateException("the first response of world item " + item.id() + " is not faithful");
                }
                allTexts.add(item.prompt());
                item.responses().forEach(r -> allTexts.add(r.text()));
                if (seen.add(item.prompt() + "|" + faithful.text())) {
                    (training ? sftTrain : sftHeldOut).add(new SftExample(picture, item.prompt(), faithful.text()));
                }
                for (Manifest.Response perturbed : item.responses().subList(1, item.responses().size())) {
                    if (!seen.add(item.prompt() + "|" + faithful.text() + "|" + perturbed.text())) {
                        continue;
                    }
                    PreferenceExample pair = new PreferenceExample(picture, item.prompt(), faithful.text(), perturbed.text());
                    if (training) {
                        trainPairs.add(pair);
                    } else {
                        heldOutPairs.add(pair);
                        heldOutKinds.add(item.category().startsWith("pope") ? "pope" : item.category());
                    }
                }
            }
        }
        train = List.copyOf(trainPairs);
        heldOut = List.copyOf(heldOutPairs);
        heldOutCategories = List.copyOf(heldOutKinds);
        sft = List.copyOf(sftTrain);
        heldOutSft = List.copyOf(sftHeldOut);
        texts = List.copyOf(allTexts);
        items = List.copyOf(allItems);
    }
}
