package dev.groundwork.storage.world;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Empirical class statistics of a generated world: in how many scenes each class occurs, and in
 * how many scenes each pair of classes occurs together (the diagonal is the frequency).
 */
public final class WorldStats {

    private final int scenes;
    private final int[] frequency;
    private final int[][] together;

    private WorldStats(int scenes, int[] frequency, int[][] together) {
        this.scenes = scenes;
        this.frequency = frequency;
        this.together = together;
    }

    static WorldStats of(List<Scene> scenes) {
        int n = Shape.values().length;
        int[] frequency = new int[n];
        int[][] together = new int[n][n];
        for (Scene scene : scenes) {
            Set<Shape> present = scene.presentShapes();
            for (Shape a : present) {
                frequency[a.ordinal()]++;
                for (Shape b : present) {
                    together[a.ordinal()][b.ordinal()]++;
                }
            }
        }
        return new WorldStats(scenes.size(), frequency, together);
    }

    /** Number of scenes counted. */
    public int scenes() {
        return scenes;
    }

    /** Number of scenes containing {@code shape}. */
    public int frequency(Shape shape) {
        return frequency[shape.ordinal()];
    }

    /** Number of scenes containing both classes ({@code frequency(a)} when {@code a == b}). */
    public int together(Shape a, Shape b) {
        return together[a.ordinal()][b.ordinal()];
    }

    /** Scene counts per class label, in class order. */
    public Map<String, Integer> frequencies() {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (Shape shape : Shape.values()) {
            map.put(shape.label(), frequency(shape));
        }
        return map;
    }

    /** The co-occurrence table by class labels, in class order. */
    public Map<String, Map<String, Integer>> coOccurrence() {
        Map<String, Map<String, Integer>> map = new LinkedHashMap<>();
        for (Shape a : Shape.values()) {
            Map<String, Integer> row = new LinkedHashMap<>();
            for (Shape b : Shape.values()) {
                row.put(b.label(), together(a, b));
            }
            map.put(a.label(), row);
        }
        return map;
    }
}
