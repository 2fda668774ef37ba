package dev.groundwork.trainer.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small PNGs and an image store directory laid out as the workbench's ImageStore writes it. */
final class TestImages {

    private TestImages() {}

    /** A {@code width}×{@code height} PNG whose pixel (x, y) is RGB (x·40+seed, y·40, 200) mod 256. */
    static byte[] png(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (((x * 40 + seed) & 0xFF) << 16) | (((y * 40) & 0xFF) << 8) | 200);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Stores {@code bytes} under {@code <root>/ab/abcdef…}; returns the digest. */
    static String store(Path root, byte[] bytes) {
        String sha = Sha256.of(bytes);
        try {
            Path file = root.resolve(sha.substring(0, 2)).resolve(sha);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha;
    }

    /** Replaces the stored file of {@code sha} by other bytes, keeping its name. */
    static void tamper(Path root, String sha, byte[] other) {
        try {
            Files.write(root.resolve(sha.substring(0, 2)).resolve(sha), other);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String uri(String sha) {
        return "groundwork:image/sha256/" + sha;
    }
}
