package dev.groundwork.storage.world;

/** The two object sizes of the scene world. */
public enum Size {
    /** About 12 to 16 pixels wide at the default image size of 80. */
    SMALL("small", 12, 16),
    /** About 20 to 26 pixels wide at the default image size of 80. */
    LARGE("large", 20, 26);

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
