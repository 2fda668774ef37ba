package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A dataset in a folder. Symbolic links anywhere below the root are refused. */
public final class FolderSource implements DatasetSource {

    private final Path root;

    public FolderSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<String> files() {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    @Override
    public Optional<Long> size(String relativePath) {
        Path p = resolve(relativePath);
        try {
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(Files.size(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String relativePath) {
        Path p = resolve(relativePath);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImportException(ImportError.of(relativePath, "file not found in " + describe()));
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImportException(ImportError.of(relativePath, "not a regular file"));
        }
        try {
            return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ImportException(ImportError.of(relativePath, "cannot read: " + e.getMessage()));
        }
    }

    private Path resolve(String relativePath) {
        DatasetSource.requireSafe(relativePath, relativePath);
        Path p = root.resolve(relativePath).normalize();
        if (!p.startsWith(root)) {
            throw new ImportException(ImportError.of(relativePath, "path escapes the dataset folder"));
        }
        Path current = root;
        for (Path segment : root.relativize(p)) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                throw new ImportException(ImportError.of(relativePath,
                        "symbolic link '" + root.relativize(current) + "' is not allowed in a dataset"));
            }
        }
        return p;
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    @Override
    public void close() {}
}
