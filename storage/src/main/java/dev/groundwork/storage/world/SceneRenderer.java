package dev.groundwork.storage.world;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders a scene with its own per-pixel rasteriser (no Java2D, no antialiasing): a light
 * background with seeded grey noise, then every object filled with its exact colour, tested at
 * pixel centres. The pixels depend only on the scene, so image bytes are reproducible.
 */
final class SceneRenderer {

    /** Background base colour; noise of up to {@value #NOISE} per channel is added. */
    static final int BACKGROUND = 0xEDEBE4;
    static final int NOISE = 6;

    BufferedImage render(Scene scene) {
        int size = scene.imageSize();
        int[] pixels = new int[size * size];
        SplittableRandom noise = new SplittableRandom(Seeds.stream(scene.seed(), Seeds.RENDER));
        int br = (BACKGROUND >> 16) & 0xFF;
        int bg = (BACKGROUND >> 8) & 0xFF;
        int bb = BACKGROUND & 0xFF;
        for (int i = 0; i < pixels.length; i++) {
            int grey = noise.nextInt(2 * NOISE + 1) - NOISE;
            int tint = noise.nextInt(3) - 1;
            pixels[i] = rgb(br + grey + tint, bg + grey, bb + grey - tint);
        }
        for (WorldObject o : scene.objects()) {
            fill(pixels, size, o);
        }
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, size, size, pixels, 0, size);
        return image;
    }

    /** The scene as PNG bytes. */
    byte[] png(Scene scene) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        writePng(scene, out);
        return out.toByteArray();
    }

    /** Writes the scene as PNG to {@code out} (not closed). */
    void writePng(Scene scene, OutputStream out) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no PNG writer available in this JVM");
        }
        ImageWriter writer = writers.next();
        // An explicit in-memory stream: ImageIO.write would go through a temporary cache file.
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(render(scene));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + scene.imagePath(), e);
        } finally {
            writer.dispose();
        }
    }

    private static void fill(int[] pixels, int size, WorldObject o) {
        double halfW = o.width() / 2.0;
        double halfH = o.height() / 2.0;
        double cx = o.centreX();
        double cy = o.centreY();
        int colour = o.colour().rgb();
        int x1 = Math.min(size, o.x() + o.width());
        int y1 = Math.min(size, o.y() + o.height());
        for (int py = o.y(); py < y1; py++) {
            double v = (py + 0.5 - cy) / halfH;
            for (int px = o.x(); px < x1; px++) {
                double u = (px + 0.5 - cx) / halfW;
                if (ShapeRaster.contains(o.shape(), u, v)) {
                    pixels[py * size + px] = colour;
                }
            }
        }
    }

    private static int rgb(int r, int g, int b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(int c) {
        return Math.max(0, Math.min(255, c));
    }
}
