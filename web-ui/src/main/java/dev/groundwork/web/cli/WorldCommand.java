package dev.groundwork.web.cli;

import dev.groundwork.storage.world.CoOccurrence;
import dev.groundwork.storage.world.RuleMeasurement;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** {@code gw world generate}: the synthetic scene world, written as a native dataset. No database needed. */
final class WorldCommand {

    private WorldCommand() {}

    static void generate(GroundworkCli.Args a, PrintStream out) {
        a.allowOnly("--scenes", "--seed", "--out", "--size", "--cooccur", "--name");
        int scenes = a.intOption("--scenes", -1);
        if (scenes < 1) {
            throw new GroundworkCli.UsageException("--scenes N is required and must be at least 1");
        }
        long seed = a.longOption("--seed", 0);
        if (a.option("--seed").isEmpty()) {
            throw new GroundworkCli.UsageException("missing --seed");
        }
        Path outDir = Path.of(a.required("--out"));
        WorldConfig config = WorldConfig.defaults(scenes, seed);
        if (a.option("--size").isPresent()) {
            config = config.withImageSize(a.intOption("--size", config.imageSize()));
        }
        List<String> rules = a.options("--cooccur");
        if (!rules.isEmpty()) {
            config = config.withRules(rules.stream().map(CoOccurrence::parse).toList());
        }
        String name = a.option("--name").orElse("world-" + seed + "-" + scenes);
        write(config, outDir, name, out);
    }

    static void write(int scenes, long seed, Path outDir, String name, PrintStream out) {
        write(WorldConfig.defaults(scenes, seed), outDir, name, out);
    }

    private static void write(WorldConfig config, Path outDir, String name, PrintStream out) {
        long start = System.nanoTime();
        World world = World.generate(config);
        try {
            world.writeDataset(outDir, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the world to " + outDir + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("world '%s': %d scenes, %d items, %dpx images, seed %d -> %s (%.1f s)%n", name,
                world.scenes().size(), world.items().size(), config.imageSize(), config.seed(), outDir.toAbsolutePath(), seconds);
        for (RuleMeasurement m : world.measureRules()) {
            out.printf("  co-occurrence %s: configured %.2f, measured %.3f over %d scenes%n",
                    m.rule().spec(), m.rule().probability(), m.rate(), m.scenesWithGiven());
        }
    }
}
