package dev.groundwork.web.images;

import dev.groundwork.storage.image.ImageRepository;
import dev.groundwork.storage.image.ImageStore;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves stored images by SHA-256 to signed-in users with a workbench role (see
 * SecurityConfiguration), and to the trainer's service account with a bearer token of the realm
 * role {@code trainer} (see BearerSecurityConfiguration). Content is immutable, so browsers may
 * cache it privately.
 */
@RestController
public class ImageEndpoint {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ImageStore store;
    private final ImageRepository images;

    public ImageEndpoint(ImageStore store, ImageRepository images) {
        this.store = store;
        this.images = images;
    }

    /** Whether a text is a SHA-256 as images are stored under: 64 lower-case hex digits. */
    public static boolean isSha256(String text) {
        return SHA256.matcher(text).matches();
    }

    @GetMapping("/images/{sha256}")
    public ResponseEntity<byte[]> image(@PathVariable("sha256") String sha256) {
        if (!isSha256(sha256)) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN)
                    .body("not a SHA-256 in lower-case hex".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        var image = images.findBySha256(sha256);
        var bytes = store.read(sha256);
        if (image.isEmpty() || bytes.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(image.get().getMediaType()))
                .cacheControl(CacheControl.maxAge(Duration.ofDays(7)).cachePrivate().immutable())
                .eTag('"' + sha256 + '"')
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes.get());
    }
}
