package dev.groundwork.storage.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Places square boxes without overlap (with a gap between them and a border to the image edge)
 * by rejection sampling. A large object that does not fit becomes small; if the scene still
 * does not fit, placement restarts, and after many restarts a grid layout of small objects is
 * used, so placement always terminates.
 */
final class Layout {

    static final int GAP = 3;
    static final int BORDER = 2;
    static final double REFERENCE_SIZE = 80.0;
    private static final int ATTEMPTS = 200;
    private static final int RESTARTS = 20;

    private final int imageSize;

    Layout(int imageSize) {
        this.imageSize = imageSize;
    }

    /** Objects with ids {@code 0..n-1}; sizes may be reduced from LARGE to SMALL to fit. */
    List<WorldObject> place(List<Shape> shapes, List<Colour> colours, List<Size> sizes, SplittableRandom rng) {
        int n = shapes.size();
        Size[] chosen = sizes.toArray(Size[]::new);
        for (int restart = 0; restart < RESTARTS; restart++) {
            int[][] boxes = new int[n][];
            boolean placed = true;
            for (int i = 0; i < n && placed; i++) {
                int[] box = tryPlace(side(chosen[i], rng), boxes, i, rng);
                if (box == null && chosen[i] == Size.LARGE) {
                    chosen[i] = Size.SMALL;
                    box = tryPlace(side(Size.SMALL, rng), boxes, i, rng);
                }
                boxes[i] = box;
                placed = box != null;
            }
            if (placed) {
                return build(shapes, colours, chosen, boxes);
            }
        }
        return build(shapes, colours, smallSizes(n), grid(n));
    }

    int side(Size size, SplittableRandom rng) {
        int reference = size.minSide() + rng.nextInt(size.maxSide() - size.minSide() + 1);
        return scaled(reference);
    }

    private int scaled(int reference) {
        return (int) Math.round(reference * imageSize / REFERENCE_SIZE);
    }

    private int[] tryPlace(int side, int[][] boxes, int count, SplittableRandom rng) {
        int span = imageSize - 2 * BORDER - side + 1;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int x = BORDER + rng.nextInt(span);
            int y = BORDER + rng.nextInt(span);
            if (free(x, y, side, boxes, count)) {
                return new int[] {x, y, side};
            }
        }
        return null;
    }

    private static boolean free(int x, int y, int side, int[][] boxes, int count) {
        for (int j = 0; j < count; j++) {
            int[] b = boxes[j];
            boolean apart = x + side + GAP <= b[0] || b[0] + b[2] + GAP <= x
                    || y + side + GAP <= b[1] || b[1] + b[2] + GAP <= y;
            if (!apart) {
                return false;
            }
        }
        return true;
    }

    private int[][] grid(int n) {
        int cell = imageSize / 3;
        int side = scaled(Size.SMALL.minSide());
        int[][] boxes = new int[n][];
        for (int i = 0; i < n; i++) {
            int col = i % 3;
            int row = i / 3;
            boxes[i] = new int[] {col * cell + (cell - side) / 2, row * cell + (cell - side) / 2, side};
        }
        return boxes;
    }

    private static Size[] smallSizes(int n) {
        Size[] sizes = new Size[n];
        Arrays.fill(sizes, Size.SMALL);
        return sizes;
    }

    private static List<WorldObject> build(List<Shape> shapes, List<Colour> colours, Size[] sizes, int[][] boxes) {
        List<WorldObject> objects = new ArrayList<>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            int[] b = boxes[i];
            objects.add(new WorldObject(i, shapes.get(i), colours.get(i), sizes[i], b[0], b[1], b[2], b[2]));
        }
        return objects;
    }
}
