package dev.groundwork.trainer.train;

import java.util.SplittableRandom;

/**
 * Counter-based randomness: every draw is a pure function of {@code (seed, stream, counters...)}, so the "state" of
 * a run's randomness is just its seed and its position (step, epoch, example index) — nothing to serialise, and a
 * resumed run draws exactly what an uninterrupted one would.
 */
public final class CounterRng {

    /** Stream of the per-epoch data permutations. */
    public static final long SHUFFLE = 1;
    /** Stream of the mDPO training crops, keyed by example index. */
    public static final long CROP = 2;
    /** Stream of the mDPO evaluation crops, keyed by held-out index. */
    public static final long EVAL_CROP = 3;

    private CounterRng() {
    }

    /** A 64-bit hash of the seed and the parts (SplitMix64 finaliser, chained). */
    public static long hash(long seed, long... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long part : parts) {
            h = mix(h ^ mix(part + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** A uniform double in [0, 1) determined by the seed and the parts. */
    public static double uniform(long seed, long... parts) {
        return (hash(seed, parts) >>> 11) * 0x1.0p-53;
    }

    /** A uniformly random permutation of 0..n−1 determined by the seed and the parts. */
    public static int[] permutation(int n, long seed, long... parts) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(hash(seed, parts));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
