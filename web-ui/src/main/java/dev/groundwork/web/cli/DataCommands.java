package dev.groundwork.web.cli;

import dev.groundwork.storage.StorageProperties;
import dev.groundwork.storage.dataset.DatasetCatalog;
import dev.groundwork.storage.dataset.DatasetExporter;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.ExportSummary;
import dev.groundwork.storage.dataset.ImportSummary;
import dev.groundwork.storage.image.ImageStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/** Commands that need the database: import, export, datasets, demo. */
final class DataCommands {

    static final String DEMO_DATASET = "demo-world";
    static final long DEMO_SEED = 7;
    static final int DEMO_SCENES = 300;

    private DataCommands() {}

    static void run(String command, GroundworkCli.Args a, PrintStream out, PrintStream err) {
        switch (command) {
            case "import" -> a.allowOnly("--dataset", "--errors");
            case "export" -> a.allowOnly("--dataset", "--out", "--format");
            case "demo" -> a.allowOnly("--scenes");
            default -> a.allowOnly();
        }
        String actor = "cli:" + System.getProperty("user.name", "unknown");
        // Validate the command line before paying for a Spring start.
        Path importPath = command.equals("import") ? Path.of(a.positional(1, "PATH to import")) : null;
        if (command.equals("export")) {
            a.required("--dataset");
            a.required("--out");
            String format = a.option("--format").orElse("native");
            if (!format.equals("native")) {
                throw new GroundworkCli.UsageException("unknown export format '" + format + "' (available: native)");
            }
        }
        try (ConfigurableApplicationContext ctx = CliApplication.start()) {
            switch (command) {
                case "import" -> {
                    ImportSummary s = ctx.getBean(DatasetImporter.class).importDataset(importPath, a.option("--dataset"), actor);
                    printImport(out, s);
                }
                case "export" -> {
                    ExportSummary s = ctx.getBean(DatasetExporter.class).export(a.required("--dataset"), Path.of(a.required("--out")), actor);
                    out.printf("exported dataset '%s': %d items, %d images to %s%ncontent digest %s%n",
                            s.dataset(), s.items(), s.images(), s.directory(), s.digest());
                }
                case "datasets" -> printCatalog(ctx, out);
                case "demo" -> demo(ctx, a.intOption("--scenes", DEMO_SCENES), actor, out);
                default -> throw new GroundworkCli.UsageException("unknown command '" + command + "'");
            }
        }
    }

    private static void demo(ConfigurableApplicationContext ctx, int scenes, String actor, PrintStream out) {
        DatasetCatalog catalog = ctx.getBean(DatasetCatalog.class);
        if (catalog.find(DEMO_DATASET).isPresent()) {
            out.println("demo world already imported; reusing it");
        } else {
            Path dir = dataDir().resolve("demo-world");
            if (!Files.exists(dir.resolve("manifest.jsonl"))) {
                out.printf("generating the demo world: %d scenes, seed %d -> %s%n", scenes, DEMO_SEED, dir);
                WorldCommand.write(scenes, DEMO_SEED, dir, DEMO_DATASET, out);
            }
            ImportSummary s = ctx.getBean(DatasetImporter.class).importDataset(dir, Optional.of(DEMO_DATASET), actor);
            printImport(out, s);
        }
        printCatalog(ctx, out);
        out.println("database:    " + describe(ctx.getBean(DataSource.class)));
        out.println("image store: " + ctx.getBean(ImageStore.class).root()
                + " (" + ctx.getBean(ImageStore.class).list().size() + " files)");
        out.println("settings:    " + ctx.getBean(StorageProperties.class));
    }

    private static Path dataDir() {
        return Path.of(Optional.ofNullable(System.getenv("GW_DATA_DIR")).orElse("./data")).toAbsolutePath().normalize();
    }

    private static String describe(DataSource ds) {
        try (var c = ds.getConnection()) {
            return c.getMetaData().getURL() + " (" + c.getMetaData().getDatabaseProductName() + ")";
        } catch (java.sql.SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static void printImport(PrintStream out, ImportSummary s) {
        out.printf("imported dataset '%s' (%s): %d items, %d responses, %d images new, %d reused, %d with ground truth%n"
                        + "content digest %s%n",
                s.dataset(), s.sourceFormat(), s.items(), s.responses(), s.imagesNew(), s.imagesReused(),
                s.imagesWithGroundTruth(), s.digest());
    }

    private static void printCatalog(ConfigurableApplicationContext ctx, PrintStream out) {
        var entries = ctx.getBean(DatasetCatalog.class).list();
        if (entries.isEmpty()) {
            out.println("no datasets yet");
            return;
        }
        out.printf("%-28s %-18s %8s %10s %8s%n", "dataset", "format", "items", "responses", "images");
        for (var e : entries) {
            out.printf("%-28s %-18s %8d %10d %8d%n", e.name(), e.sourceFormat(), e.items(), e.responses(), e.images());
        }
    }
}
