package dev.groundwork.storage.world;

/**
 * Derives independent, reproducible random streams: one per scene from the world seed and
 * the scene index (so scene {@code i} never depends on how many scenes are generated), and
 * one per purpose (layout, rendering noise, item text) from the scene seed.
 */
final class Seeds {

    /** Stream for the rendering noise of a scene. */
    static final long RENDER = 0x52454E444552L;
    /** Stream for the item choices of a scene (questions, probes, perturbations). */
    static final long ITEMS = 0x4954454D53L;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** The SplitMix64 finaliser: a bijective, well-mixing hash of a long. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The seed of scene {@code index} in a world seeded with {@code worldSeed}. */
    static long scene(long worldSeed, int index) {
        return mix(mix(worldSeed) + GOLDEN * (index + 1L));
    }

    /** The seed of one purpose's stream within a scene. */
    static long stream(long sceneSeed, long purpose) {
        return mix(sceneSeed ^ mix(purpose + GOLDEN));
    }
}
