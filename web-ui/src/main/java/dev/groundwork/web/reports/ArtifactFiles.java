package dev.groundwork.web.reports;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The artifact store the trainer writes report files into, read by {@code file:} URI: {@code groundwork.artifacts.root}
 * if set, else {@code GW_ARTIFACTS_DIR}, else {@code $GW_DATA_DIR/artifacts} (as the trainer resolves it). A URI that
 * is not a {@code file:} URI, or names a file outside the store (after {@code ..} and symbolic links), is refused.
 */
@Component
public class ArtifactFiles {

    private final Path root;

    @Autowired
    public ArtifactFiles(Environment environment) {
        this(rootFrom(environment));
    }

    ArtifactFiles(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    static Path rootFrom(Environment environment) {
        String configured = environment.getProperty("groundwork.artifacts.root", "");
        if (configured.isBlank()) {
            configured = environment.getProperty("GW_ARTIFACTS_DIR", "");
        }
        if (configured.isBlank()) {
            String data = environment.getProperty("GW_DATA_DIR", "");
            return Path.of(data.isBlank() ? "./data" : data).resolve("artifacts");
        }
        return Path.of(configured);
    }

    public Path root() {
        return root;
    }

    /**
     * The readable file behind {@code uri}.
     *
     * @throws OutsideStoreException when the URI is not a {@code file:} URI inside the store
     * @throws MissingFileException when it is, but no file is there (any more)
     */
    public Path file(String uri) {
        Path path;
        try {
            URI parsed = URI.create(uri);
            if (!"file".equalsIgnoreCase(parsed.getScheme())) {
                throw new OutsideStoreException(uri + " is not a file: URI in the artifact store " + root);
            }
            path = Path.of(parsed).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new OutsideStoreException("'" + uri + "' is not a file: URI in the artifact store " + root);
        }
        if (!path.startsWith(root)) {
            throw new OutsideStoreException(uri + " lies outside the artifact store " + root);
        }
        if (!Files.isRegularFile(path)) {
            throw new MissingFileException(path + " is gone from the artifact store (was it moved or deleted?)");
        }
        try {
            // Symbolic links must not lead out of the store either.
            Path real = path.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new OutsideStoreException(uri + " leads outside the artifact store " + root);
            }
            return real;
        } catch (IOException e) {
            throw new MissingFileException(path + " cannot be read from the artifact store: " + e.getMessage());
        }
    }

    /** A report file's URI names something outside the artifact store. */
    public static final class OutsideStoreException extends RuntimeException {
        OutsideStoreException(String message) {
            super(message);
        }
    }

    /** A report file is not (any more) where its URI says. */
    public static final class MissingFileException extends RuntimeException {
        MissingFileException(String message) {
            super(message);
        }
    }
}
