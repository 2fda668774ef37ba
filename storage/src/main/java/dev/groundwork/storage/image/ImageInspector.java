package dev.groundwork.storage.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks that bytes are a real PNG or JPEG within the limits: format sniffed from the magic
 * bytes (the file name is ignored), dimensions read from the header and checked against the pixel
 * limit before decoding, then a full decode in which any reader warning (e.g. a truncated JPEG)
 * counts as corruption.
 */
public final class ImageInspector {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final ImageLimits limits;

    public ImageInspector(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ImageLimits limits() {
        return limits;
    }

    public ImageInfo inspect(byte[] bytes) throws InvalidImageException {
        if (bytes.length == 0) {
            throw new InvalidImageException("file is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new InvalidImageException("file is " + bytes.length + " bytes, over the limit of " + limits.maxBytes());
        }
        ImageFormat format = sniff(bytes);
        int[] size = format == ImageFormat.PNG ? pngSize(bytes) : jpegSize(bytes);
        long pixels = (long) size[0] * size[1];
        if (size[0] <= 0 || size[1] <= 0) {
            throw new InvalidImageException("header declares an empty image " + size[0] + "x" + size[1]);
        }
        if (pixels > limits.maxPixels()) {
            throw new InvalidImageException("image is " + size[0] + "x" + size[1] + " = " + pixels
                    + " pixels, over the limit of " + limits.maxPixels() + " pixels");
        }
        decodeFully(bytes, format, size);
        return new ImageInfo(sha256(bytes), format, size[0], size[1], bytes.length);
    }

    static ImageFormat sniff(byte[] b) throws InvalidImageException {
        if (startsWith(b, PNG_MAGIC)) {
            return ImageFormat.PNG;
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return ImageFormat.JPEG;
        }
        throw new InvalidImageException("not a PNG or JPEG image (unrecognised leading bytes)");
    }

    private static int[] pngSize(byte[] b) throws InvalidImageException {
        // signature(8) length(4) "IHDR"(4) width(4) height(4)
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new InvalidImageException("corrupt PNG: missing IHDR header");
        }
        return new int[] {readInt(b, 16), readInt(b, 20)};
    }

    private static int[] jpegSize(byte[] b) throws InvalidImageException {
        int i = 2;
        while (i + 3 < b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                throw new InvalidImageException("corrupt JPEG: bad marker at byte " + i);
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (i + 8 >= b.length) {
                    break;
                }
                int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return new int[] {width, height};
            }
            if (length < 2) {
                throw new InvalidImageException("corrupt JPEG: bad segment length at byte " + i);
            }
            i += 2 + length;
        }
        throw new InvalidImageException("corrupt JPEG: no frame header");
    }

    private static void decodeFully(byte[] bytes, ImageFormat format, int[] size) throws InvalidImageException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format == ImageFormat.PNG ? "png" : "jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            StringBuilder warnings = new StringBuilder();
            reader.addIIOReadWarningListener((source, warning) -> warnings.append(warning).append(' '));
            reader.setInput(in, true, true);
            var image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new InvalidImageException("corrupt " + format + ": " + warnings.toString().trim());
            }
            if (image.getWidth() != size[0] || image.getHeight() != size[1]) {
                throw new InvalidImageException("corrupt " + format + ": header says " + size[0] + "x" + size[1]
                        + " but decodes to " + image.getWidth() + "x" + image.getHeight());
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException("corrupt " + format + ": " + describe(e));
        } finally {
            reader.dispose();
        }
    }

    private static String describe(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && t.getCause().getMessage() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
