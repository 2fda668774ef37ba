package dev.groundwork.storage.image;

/**
 * Limits checked before an image is accepted. Pixels are checked from the header, before any
 * decoding, so a small file declaring a huge canvas (a decompression bomb) is refused cheaply.
 */
public record ImageLimits(long maxBytes, long maxPixels) {
    public static final ImageLimits DEFAULT = new ImageLimits(20L * 1024 * 1024, 40_000_000L);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
