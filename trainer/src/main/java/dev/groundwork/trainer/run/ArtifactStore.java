package dev.groundwork.trainer.run;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The artifact store the services share for checkpoints and report files: a directory by default
 * ({@code GW_ARTIFACTS_DIR}, else {@code $GW_DATA_DIR/artifacts}), referenced in events by {@code file:} URI, never
 * by bytes. In production it is a volume mounted by the trainer and the web application alike (see
 * {@code deploy/README.md}). Layout: {@code runs/<run name>/} for a run's checkpoint, {@code runs/<run
 * name>/round-<n>/} for follow rounds.
 */
public record ArtifactStore(Path root) {

    public ArtifactStore {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** From {@code GW_ARTIFACTS_DIR}, else {@code <dataDir>/artifacts}. */
    public static ArtifactStore fromEnvironment(Path dataDir) {
        String configured = System.getenv("GW_ARTIFACTS_DIR");
        return new ArtifactStore(configured == null || configured.isBlank() ? dataDir.resolve("artifacts") : Path.of(configured));
    }

    public Path run(String name) {
        return root.resolve("runs").resolve(name);
    }

    public static URI uri(Path path) {
        return path.toAbsolutePath().normalize().toUri();
    }
}
