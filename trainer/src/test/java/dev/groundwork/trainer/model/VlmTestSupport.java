package dev.groundwork.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Synthetic images: one coloured square on a grey background, as (3,H,W) float values in [0,1]. */
final class VlmTestSupport {

    static final float[][] COLOURS = {{1, 0, 0}, {0, 0.8f, 0}, {0, 0, 1}, {1, 1, 0}};
    static final String[] COLOUR_NAMES = {"red", "green", "blue", "yellow"};

    private VlmTestSupport() {
    }

    /** A {@code size}² image with a square of side {@code side} at (x, y) in colour {@code colour}. */
    static float[] square(int size, int colour, int x, int y, int side) {
        float[] pixels = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < size; row++) {
                for (int col = 0; col < size; col++) {
                    boolean inside = row >= y && row < y + side && col >= x && col < x + side;
                    pixels[(c * size + row) * size + col] = inside ? COLOURS[colour][c] : 0.5f;
                }
            }
        }
        return pixels;
    }

    /** Stacks (3,H,W) images into a (B,3,H,W) array. */
    static NDArray images(NDManager manager, int size, float[]... images) {
        float[] all = new float[images.length * 3 * size * size];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, all, i * 3 * size * size, 3 * size * size);
        }
        return manager.create(all, new Shape(images.length, 3, size, size));
    }

    /** (B,T) int64 tokens. */
    static NDArray tokens(NDManager manager, long[][] rows) {
        long[] flat = new long[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return manager.create(flat, new Shape(rows.length, rows[0].length));
    }
}
