package dev.groundwork.storage.bench;

import dev.groundwork.storage.TestStorageApplication;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.ImportSummary;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.io.Json;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./gw bench import --items N}: generates a synthetic world of at least N items into a temporary folder (timed
 * apart), then imports it into a fresh embedded H2 database and prints the import time and items/s. The baseline,
 * measured in the same run on the same files, is the floor of any importer: one pass that reads the manifest and
 * parses each line with Jackson, writing nothing. The importer streams the manifest twice (validate, then store) and
 * writes every row, so the ratio says what checking and storing cost on top of reading. The earlier row-at-a-time
 * (JPA) path is not kept; its figures on this machine are in {@code docs/cli.md}.
 */
public final class BenchImport {

    private static final long SEED = 14;

    private BenchImport() {}

    public static void main(String[] args) throws IOException {
        int items = 100_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--items") && i + 1 < args.length) {
                items = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: bench import [--items N]; unknown argument " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("gw-bench-import");
        try {
            run(items, tmp);
        } finally {
            delete(tmp);
        }
    }

    private static void run(int items, Path tmp) throws IOException {
        long started = System.nanoTime();
        int perScene = World.generate(WorldConfig.defaults(50, SEED)).items().size() / 50;
        int scenes = Math.max(1, (items + perScene - 1) / perScene);
        World world = World.generate(WorldConfig.defaults(scenes, SEED));
        Path dir = tmp.resolve("world");
        world.writeDataset(dir, "bench-import");
        double generated = seconds(started);
        long manifestBytes = Files.size(dir.resolve("manifest.jsonl"));
        say("generated %d items over %d images (manifest %.1f MB) in %.1f s (not counted below)",
                world.items().size(), scenes, manifestBytes / 1e6, generated);

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestStorageApplication.class)
                .logStartupInfo(false)
                .run("--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("db").resolve("gw"),
                        "--groundwork.storage.image-root=" + tmp.resolve("images"),
                        "--groundwork.storage.max-manifest-bytes=" + Math.max(manifestBytes + 1, 268_435_456L),
                        "--logging.level.root=WARN", "--logging.level.dev.groundwork=WARN")) {
            DatasetImporter importer = context.getBean(DatasetImporter.class);
            double parsed = parseOnce(dir.resolve(Manifest.FILE_NAME));
            say("baseline: read and parse the manifest once, no checks, no database: %.1f s (%.0f items/s)", parsed,
                    world.items().size() / parsed);
            long t0 = System.nanoTime();
            ImportSummary summary = importer.importDataset(dir, Optional.empty(), "bench");
            double took = seconds(t0);
            say("imported %d items, %d responses, %d images, %d with ground truth into a fresh H2 file database"
                    + " in %.1f s: %.0f items/s (digest %s)", summary.items(), summary.responses(), summary.imagesNew(),
                    summary.imagesWithGroundTruth(), took, summary.items() / took, summary.digest());
            say("import time / baseline: %.1fx", took / parsed);
        }
    }

    /** Seconds to read the manifest and parse every item line, as the importer's floor. */
    private static double parseOnce(Path manifest) throws IOException {
        long t0 = System.nanoTime();
        long items = 0;
        try (BufferedReader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank() && Json.MAPPER.readValue(line, Manifest.Item.class) != null) {
                    items++;
                }
            }
        }
        if (items == 0) {
            throw new IllegalStateException("the generated manifest holds no items");
        }
        return seconds(t0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println("[bench import] " + String.format(format, args));
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
