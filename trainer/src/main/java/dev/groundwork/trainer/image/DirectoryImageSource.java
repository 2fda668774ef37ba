package dev.groundwork.trainer.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of a workbench image store directory (shared disk or a copy). The layout is the one
 * {@code dev.groundwork.storage.image.ImageStore#pathOf} writes: {@code <root>/<first two hex digits>/<sha256>},
 * e.g. {@code <root>/3f/3f2a…}. Only that path rule is copied here: the trainer does not depend on the storage module.
 * Nothing is ever written to the directory.
 */
public final class DirectoryImageSource implements ImageSource {

    private final Path root;

    public DirectoryImageSource(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** {@code <root>/ab/abcdef…} for digest {@code abcdef…}. */
    Path pathOf(String sha256) {
        Sha256.require(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    @Override
    public Optional<byte[]> fetch(String sha256) throws IOException {
        Path file = pathOf(sha256);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException removed) {
            return Optional.empty();
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String toString() {
        return "DirectoryImageSource[" + root + "]";
    }
}
