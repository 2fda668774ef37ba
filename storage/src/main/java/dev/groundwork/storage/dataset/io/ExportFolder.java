package dev.groundwork.storage.dataset.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An export folder that appears whole or not at all: files are written into a hidden sibling
 * {@code .<name>.partial-<uuid>}, which is renamed to the target at the end. The target must be
 * missing or an empty folder.
 */
public final class ExportFolder implements AutoCloseable {

    private final Path target;
    private final Path temp;

    private ExportFolder(Path target) {
        this.target = target;
        this.temp = target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
    }

    /** Checks the target and creates the hidden working folder. */
    public static ExportFolder create(Path outDir) {
        Path target = outDir.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("export target " + target + " is not empty");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (Files.exists(target)) {
            throw new IllegalArgumentException("export target " + target + " exists and is not a folder");
        }
        ExportFolder folder = new ExportFolder(target);
        try {
            Files.createDirectories(folder.temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write next to " + target + ": " + e.getMessage(), e);
        }
        return folder;
    }

    /** Where to write the files. */
    public Path work() {
        return temp;
    }

    public Path target() {
        return target;
    }

    /** Moves the finished folder into place. */
    public void publish() throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Files.delete(target);
        }
        Files.move(temp, target);
    }

    /** Removes the working folder if it was not published. */
    @Override
    public void close() {
        if (!Files.exists(temp)) {
            return;
        }
        try (Stream<Path> s = Files.walk(temp)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover .partial-* folder is harmless
        }
    }
}
