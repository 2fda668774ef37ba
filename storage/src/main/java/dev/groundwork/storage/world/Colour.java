package dev.groundwork.storage.world;

import java.util.Arrays;
import java.util.List;

/** The colours of the scene world, each with a fixed RGB value used by the renderer. */
public enum Colour {
    RED("red", 0xD62828),
    GREEN("green", 0x2A9D3A),
    BLUE("blue", 0x1D4ED8),
    YELLOW("yellow", 0xF2C200),
    PURPLE("purple", 0x7B2CBF),
    ORANGE("orange", 0xF77F00);

    private final String label;
    private final int rgb;

    Colour(String label, int rgb) {
        this.label = label;
        this.rgb = rgb;
    }

    /** The colour name used in text and ground truth, e.g. {@code red}. */
    public String label() {
        return label;
    }

    /** The fill colour as {@code 0xRRGGBB}. */
    public int rgb() {
        return rgb;
    }

    /** All colour labels in order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Colour::label).toList();
    }
}
