package dev.groundwork.trainer.train;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a trainer's model starts: freshly initialised from the run seed, warm-started from saved parameters (e.g. the
 * SFT policy for DPO, or a policy backbone for a reward model), or resumed from a {@link Checkpoint} directory
 * (parameters, optimiser, step, data position, offsets, and the reference model of DPO/mDPO).
 */
public final class Start {

    private static final Start FRESH = new Start(null, null);

    private final byte[] parameters;
    private final Path checkpoint;

    private Start(byte[] parameters, Path checkpoint) {
        this.parameters = parameters;
        this.checkpoint = checkpoint;
    }

    /** Initialise every parameter from the run seed. */
    public static Start fresh() {
        return FRESH;
    }

    /**
     * Initialise, then load these parameters ({@code Block.saveParameters} bytes of a {@code VisionLanguageModel};
     * for a reward model they go into its backbone). A DPO/mDPO reference is a frozen copy of this start.
     */
    public static Start fromParameters(byte[] parameters) {
        return new Start(Objects.requireNonNull(parameters, "parameters").clone(), null);
    }

    /** Continue the run saved in {@code checkpoint}. */
    public static Start resume(Path checkpoint) {
        return new Start(null, Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    Optional<byte[]> parameters() {
        return Optional.ofNullable(parameters);
    }

    Optional<Path> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }
}
