package dev.groundwork.trainer.image;

import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.trainer.image.ImageResolution.Problem;
import dev.groundwork.trainer.image.ImageResolution.Refused;
import dev.groundwork.trainer.image.ImageResolution.Resolved;
import dev.groundwork.trainer.train.Picture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Turns an image reference of a judgment ({@code sha256} and {@code uri}, e.g. {@code groundwork:image/sha256/<hex>})
 * into a verified {@link Picture}: the bytes come from the local {@link ImageCache} when it has them, else from the
 * {@link ImageSource} (then they are cached); either way they must hash to {@code sha256}, or the image is refused.
 * Never throws for a bad image: every problem is a {@link Refused} with a reason a person can read. Thread-safe.
 */
public final class ImageResolver {

    /** The URI scheme and path prefix the workbench's events use for images. */
    static final String GROUNDWORK_URI_PREFIX = "groundwork:image/sha256/";

    private final ImageSource source;
    private final Optional<ImageCache> cache;

    /** Resolves from {@code source} without a local cache (e.g. a directory source on local disk). */
    public ImageResolver(ImageSource source) {
        this.source = Objects.requireNonNull(source, "source");
        this.cache = Optional.empty();
    }

    /** Resolves from {@code cache} first, then from {@code source}, keeping what it fetched in {@code cache}. */
    public ImageResolver(ImageSource source, ImageCache cache) {
        this.source = Objects.requireNonNull(source, "source");
        this.cache = Optional.of(Objects.requireNonNull(cache, "cache"));
    }

    /** The image of a judgment event. */
    public ImageResolution resolve(JudgmentRecorded.ImageRef image) {
        return resolve(image.sha256(), image.uri());
    }

    /**
     * The verified picture named by {@code sha256}, or why not.
     *
     * @param uri the event's image URI; a {@code groundwork:image/sha256/<hex>} URI must name the same digest, other
     *     URIs are informational (the source decides where the bytes are)
     */
    public ImageResolution resolve(String sha256, String uri) {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(uri, "uri");
        String name = Sha256.abbreviate(sha256);
        if (!Sha256.isDigest(sha256)) {
            return new Refused(sha256, Problem.BAD_REFERENCE, "image '" + sha256 + "' is not named by a SHA-256 in lower-case hex");
        }
        if (uri.startsWith(GROUNDWORK_URI_PREFIX) && !uri.equals(GROUNDWORK_URI_PREFIX + sha256)) {
            return new Refused(sha256, Problem.BAD_REFERENCE, "image " + name + " has a URI naming another image: " + uri);
        }
        Optional<byte[]> cached = cache.flatMap(c -> c.get(sha256));
        if (cached.isPresent()) {
            if (Sha256.of(cached.get()).equals(sha256)) {
                return decode(sha256, cached.get());
            }
            cache.get().remove(sha256); // corrupted on local disk: fetch it again
        }
        byte[] bytes;
        try {
            Optional<byte[]> fetched = source.fetch(sha256);
            if (fetched.isEmpty()) {
                return new Refused(sha256, Problem.UNKNOWN, "image " + name + " is not in the image store (" + source.location() + ")");
            }
            bytes = fetched.get();
        } catch (IOException | RuntimeException e) {
            return new Refused(sha256, Problem.UNAVAILABLE, "image " + name + " could not be fetched from " + source.location()
                    + ": " + Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
        }
        String actual = Sha256.of(bytes);
        if (!actual.equals(sha256)) {
            return new Refused(sha256, Problem.SHA_MISMATCH, "image " + name + " failed its SHA-256 check: got "
                    + Sha256.abbreviate(actual) + " from " + source.location());
        }
        ImageResolution decoded = decode(sha256, bytes);
        if (decoded.isResolved()) {
            cache.ifPresent(c -> c.put(sha256, bytes));
        }
        return decoded;
    }

    private static ImageResolution decode(String sha256, byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                return new Refused(sha256, Problem.UNDECODABLE, "image " + Sha256.abbreviate(sha256)
                        + " is in no format the trainer reads (" + bytes.length + " bytes; PNG, JPEG, GIF and BMP are read)");
            }
            return new Resolved(sha256, bytes, Picture.of(image));
        } catch (IOException | RuntimeException e) {
            return new Refused(sha256, Problem.UNDECODABLE, "image " + Sha256.abbreviate(sha256) + " cannot be decoded: " + e.getMessage());
        }
    }

    public ImageSource source() {
        return source;
    }

    public Optional<ImageCache> cache() {
        return cache;
    }
}
