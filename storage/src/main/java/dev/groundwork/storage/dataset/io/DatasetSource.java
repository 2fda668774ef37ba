package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The files of a dataset, from a folder or a zip, addressed by safe relative paths. */
public interface DatasetSource extends Closeable {

    /** Every regular file, as relative paths with forward slashes. */
    List<String> files();

    /** Size in bytes, when the file exists. */
    Optional<Long> size(String relativePath);

    /**
     * Opens a file for reading from its start; the caller closes the stream.
     *
     * @throws ImportException when the file is missing or unsafe
     */
    InputStream open(String relativePath);

    /**
     * Reads a whole file, refusing more than {@code maxBytes}.
     *
     * @throws ImportException when the file is missing, unsafe or too large
     */
    default byte[] read(String relativePath, long maxBytes) {
        try (InputStream in = open(relativePath)) {
            return Bounded.readAll(in, maxBytes, relativePath);
        } catch (IOException e) {
            throw new ImportException(ImportError.of(relativePath, "cannot read from " + describe() + ": " + e.getMessage()));
        }
    }

    /** Problems found when the source was opened (unsafe entries left out); the import is refused when there are any. */
    default List<ImportError> problems() {
        return List.of();
    }

    /** Human-readable name of the source, for messages. */
    String describe();

    @Override
    void close();

    /**
     * Checks a relative path taken from a manifest: no absolute paths, no drive letters, no
     * backslashes, no {@code ..} or empty segments.
     *
     * @return the problem, or empty when the path is acceptable
     */
    static Optional<String> unsafePathReason(String path) {
        if (path == null || path.isBlank()) {
            return Optional.of("path is empty");
        }
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            return Optional.of("absolute path '" + path + "' is not allowed; use a path relative to the dataset");
        }
        if (path.contains("\\")) {
            return Optional.of("path '" + path + "' contains a backslash; use forward slashes");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("path contains a NUL character");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("path '" + path + "' escapes the dataset ('..')");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return Optional.of("path '" + path + "' has an empty or '.' segment");
            }
        }
        return Optional.empty();
    }

    static void requireSafe(String file, String path) {
        unsafePathReason(path).ifPresent(reason -> {
            throw new ImportException(ImportError.of(file, reason));
        });
    }
}
