package dev.groundwork.storage.support;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.storage.dataset.io.Json;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small, valid datasets and images for tests, built in one place; tests then break one thing. */
public final class Fixtures {
    private Fixtures() {}

    public static byte[] png(int width, int height, int seed) {
        return encode(image(width, height, seed), "png");
    }

    public static byte[] jpeg(int width, int height, int seed) {
        return encode(image(width, height, seed), "jpeg");
    }

    private static BufferedImage image(int width, int height, int seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, new Color((x * 7 + seed * 31) & 0xff, (y * 5 + seed * 17) & 0xff, (seed * 53) & 0xff).getRGB());
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PNG whose header declares {@code width x height} but whose data is a few bytes: what a
     * decompression bomb looks like before decoding.
     */
    public static byte[] pngDeclaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(b, "IHDR", ihdr.array());
        chunk(b, "IDAT", new byte[0]);
        chunk(b, "IEND", new byte[0]);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        b.putInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
    }

    public static Manifest.Item item(String id, String image) {
        return new Manifest.Item(id, image, "Describe the image.", TaskType.CAPTION, "caption", null,
                List.of(new Manifest.Response("faithful", "world-faithful", null, "A red circle.", null),
                        new Manifest.Response("object", "world-perturbed", null, "A red circle and a star.",
                                new Manifest.Hallucination(dev.groundwork.storage.dataset.HallucinationType.OBJECT,
                                        "star", null, null, null, null, null))),
                new Manifest.GroundTruth(
                        List.of(new Manifest.SceneObject(0, "circle", "red", "large", List.of(4.0, 4.0, 20.0, 20.0)),
                                new Manifest.SceneObject(1, "square", "blue", "small", List.of(40.0, 30.0, 12.0, 12.0))),
                        List.of(new Manifest.Relation(0, "left_of", 1), new Manifest.Relation(1, "right_of", 0))));
    }

    /** A folder dataset: a header line, then the given raw manifest lines, plus images. */
    public static final class DatasetDir {
        private final Path root;
        private final List<String> lines = new ArrayList<>();

        public DatasetDir(Path root) {
            this.root = root;
        }

        /** A valid dataset with {@code n} items on {@code n} distinct PNG images. */
        public static DatasetDir valid(Path root, String name, int n) {
            DatasetDir d = new DatasetDir(root).header(name);
            for (int i = 0; i < n; i++) {
                d.image("images/img" + i + ".png", png(32, 24, i)).item(Fixtures.item("item-" + i, "images/img" + i + ".png"));
            }
            return d;
        }

        public DatasetDir header(String name) {
            return line(json(Manifest.Header.of(name, "fixture", Map.of("by", "tests"))));
        }

        public DatasetDir item(Manifest.Item item) {
            return line(json(item));
        }

        public DatasetDir line(String raw) {
            lines.add(raw);
            return this;
        }

        public DatasetDir setLine(int lineNumber, String raw) {
            lines.set(lineNumber - 1, raw);
            return this;
        }

        public DatasetDir image(String path, byte[] bytes) {
            try {
                Path p = root.resolve(path);
                Files.createDirectories(p.getParent());
                Files.write(p, bytes);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Path write() {
            try {
                Files.createDirectories(root);
                Files.writeString(root.resolve(Manifest.FILE_NAME), String.join("\n", lines) + "\n");
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Path root() {
            return root;
        }

        public static String json(Object value) {
            try {
                return Json.MAPPER.writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
