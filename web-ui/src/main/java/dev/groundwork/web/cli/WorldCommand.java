package dev.groundwork.web.cli;

import dev.groundwork.storage.world.CoOccurrence;
import dev.groundwork.storage.world.RuleMeasurement;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw world generate}: the synthetic scene world, written as a native dataset. No database needed. */
@Command(name = "world", mixinStandardHelpOptions = true, description = "The synthetic scene world.",
        subcommands = WorldCommand.Generate.class)
final class WorldCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Render the synthetic scene world as a native dataset (see docs/cli.md).")
    static final class Generate implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--scenes", required = true, paramLabel = "N", description = "scenes to render, at least 1")
        int scenes;

        @Option(names = "--seed", required = true, paramLabel = "S", description = "world seed: same seed, same bytes")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write the dataset to")
        Path outDir;

        @Option(names = "--size", paramLabel = "PX", description = "image side in pixels, " + WorldConfig.MIN_IMAGE_SIZE
                + " to " + WorldConfig.MAX_IMAGE_SIZE + " (default: " + WorldConfig.DEFAULT_IMAGE_SIZE + ")")
        Integer size;

        @Option(names = "--cooccur", paramLabel = "GIVEN:PARTNER:P",
                description = "co-occurrence bias, repeatable "
                        + "(default: circle:star:0.8, triangle:square:0.75, diamond:hexagon:0.7)")
        List<String> cooccur = new ArrayList<>();

        @Option(names = "--name", paramLabel = "NAME", description = "dataset name (default: world-<seed>-<scenes>)")
        String name;

        @Override
        public Integer call() {
            if (scenes < 1) {
                throw new ParameterException(spec.commandLine(), "--scenes must be at least 1, was " + scenes);
            }
            WorldConfig config = WorldConfig.defaults(scenes, seed);
            if (size != null) {
                config = config.withImageSize(size);
            }
            if (!cooccur.isEmpty()) {
                config = config.withRules(cooccur.stream().map(CoOccurrence::parse).toList());
            }
            write(config, outDir, name != null ? name : "world-" + seed + "-" + scenes, spec.commandLine().getOut());
            return 0;
        }
    }

    static void write(int scenes, long seed, Path outDir, String name, PrintWriter out) {
        write(WorldConfig.defaults(scenes, seed), outDir, name, out);
    }

    private static void write(WorldConfig config, Path outDir, String name, PrintWriter out) {
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
