package dev.groundwork.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What the service launchers (Kafka broker, Keycloak) share: log tails, waits, and finding their files. */
public final class Launchers {

    private Launchers() {}

    /** The last {@code lines} lines of a log, or a note saying why it cannot be read. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Sleeps; an interrupt ends the wait for {@code what} with an exception (the flag stays set). */
    public static void pause(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /**
     * A file the build puts under {@code deploy/target/<sub>}: the system property {@code property},
     * then the environment variable {@code env}, then {@code find} applied to
     * {@code deploy/target/<sub>} of the current folder or one of its parents (or {@code target/<sub>}
     * where that folder is {@code deploy} itself), else {@code fallback} (absolute).
     */
    public static Path locate(String property, String env, String sub, Function<Path, Optional<Path>> find, Path fallback) {
        String configured = Optional.ofNullable(System.getProperty(property)).orElse(System.getenv(env));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Optional<Path> found = find.apply(dir.resolve("deploy/target").resolve(sub));
            if (found.isEmpty() && dir.getFileName() != null && dir.getFileName().toString().equals("deploy")) {
                found = find.apply(dir.resolve("target").resolve(sub));
            }
            if (found.isPresent()) {
                return found.get();
            }
        }
        return fallback.toAbsolutePath();
    }
}
