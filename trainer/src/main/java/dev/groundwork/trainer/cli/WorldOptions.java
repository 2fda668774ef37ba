package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.data.WorldData;
import picocli.CommandLine.Option;

/** Which synthetic world to train on. */
final class WorldOptions {

    @Option(names = "--scenes", defaultValue = "120", description = "training scenes of the world (default: ${DEFAULT-VALUE})")
    int scenes;

    @Option(names = "--held-out", defaultValue = "30", description = "held-out scenes (default: ${DEFAULT-VALUE})")
    int heldOut;

    @Option(names = "--world-seed", defaultValue = "7", description = "world seed (default: ${DEFAULT-VALUE})")
    long worldSeed;

    WorldData data() {
        return WorldData.of(scenes, heldOut, worldSeed);
    }
}
