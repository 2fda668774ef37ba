package dev.groundwork.storage.image;

import java.util.Objects;

/** What the inspector learnt of an image's bytes. */
public record ImageInfo(String sha256, ImageFormat format, int width, int height, long byteSize) {
    public ImageInfo {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + width + "x" + height);
        }
    }
}
