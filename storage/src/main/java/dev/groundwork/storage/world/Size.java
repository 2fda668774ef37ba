package dev.groundwork.storage.world;

/**
 * The two object sizes of the scene world, told apart at a glance: the largest small object is at most half the side
 * of the smallest large one (a quarter of its box area or less), whatever the shape.
 */
public enum Size {
    /** 10 to 12 pixels wide at the default image size of 80 (8 to 10 at 64). */
    SMALL("small", 10, 12),
    /** 25 to 28 pixels wide at the default image size of 80 (20 to 22 at 64). */
    LARGE("large", 25, 28);

    private final String label;
    private final int minSide;
    private final int maxSide;

    Size(String label, int minSide, int maxSide) {
        this.label = label;
        this.minSide = minSide;
        this.maxSide = maxSide;
    }

    /** The size name used in text and ground truth. */
    public String label() {
        return label;
    }

    /** Smallest side in pixels at the reference image size of 80. */
    int minSide() {
        return minSide;
    }

    /** Largest side in pixels at the reference image size of 80. */
    int maxSide() {
        return maxSide;
    }
}
