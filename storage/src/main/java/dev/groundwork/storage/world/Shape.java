package dev.groundwork.storage.world;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The object classes of the scene world, in their fixed class order (used to break ties).
 * Every label starts with a consonant, so the article is always "a".
 */
public enum Shape {
    CIRCLE("circle", "circles"),
    SQUARE("square", "squares"),
    TRIANGLE("triangle", "triangles"),
    DIAMOND("diamond", "diamonds"),
    STAR("star", "stars"),
    CROSS("cross", "crosses"),
    HEXAGON("hexagon", "hexagons"),
    RING("ring", "rings");

    private final String label;
    private final String plural;

    Shape(String label, String plural) {
        this.label = label;
        this.plural = plural;
    }

    /** The class name used in text and ground truth, e.g. {@code circle}. */
    public String label() {
        return label;
    }

    /** The plural form, e.g. {@code crosses}. */
    public String plural() {
        return plural;
    }

    /** {@code label} for one, {@code plural} otherwise. */
    public String forCount(int count) {
        return count == 1 ? label : plural;
    }

    /** All class labels in class order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Shape::label).toList();
    }

    /**
     * The shape with this label (case-insensitive, trimmed).
     *
     * @throws IllegalArgumentException for an unknown label
     */
    public static Shape fromLabel(String label) {
        if (label == null) {
            throw new IllegalArgumentException("shape class is missing; known classes: " + labels());
        }
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (Shape shape : values()) {
            if (shape.label.equals(wanted)) {
                return shape;
            }
        }
        throw new IllegalArgumentException("unknown shape class '" + label + "'; known classes: " + labels());
    }
}
