package dev.groundwork.trainer.train;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An RGB image as float channels-first values in [0, 1], at its own resolution (resized to the model's only when a
 * batch is built, see {@link Images}).
 *
 * @param chw {@code 3·height·width} values, channel-major: {@code chw[(c·height + y)·width + x]}
 */
public record Picture(int width, int height, float[] chw) {

    /** @throws IllegalArgumentException if a side is not positive or {@code chw} has the wrong length */
    public Picture {
        Objects.requireNonNull(chw, "chw");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be >= 1, were " + width + "x" + height);
        }
        if (chw.length != 3 * width * height) {
            throw new IllegalArgumentException("chw must have 3*" + width + "*" + height + " values, had " + chw.length);
        }
    }

    /** The RGB channels of {@code image} (alpha ignored), scaled to [0, 1]. */
    public static Picture of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] chw = new float[3 * w * h];
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int at = y * w + x;
                chw[at] = ((rgb >> 16) & 0xFF) / 255f;
                chw[plane + at] = ((rgb >> 8) & 0xFF) / 255f;
                chw[2 * plane + at] = (rgb & 0xFF) / 255f;
            }
        }
        return new Picture(w, h, chw);
    }
}
