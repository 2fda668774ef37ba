package dev.groundwork.web.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temporary folders of uploads and downloads. */
final class TempFolders {

    private static final Logger LOG = LoggerFactory.getLogger(TempFolders.class);

    private TempFolders() {}

    /** Removes a folder and everything in it; a failure is logged, not thrown. */
    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot remove temporary files under {}: {}", root, e.getMessage());
        }
    }
}
