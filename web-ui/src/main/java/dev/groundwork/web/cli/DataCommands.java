package dev.groundwork.web.cli;

import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.preference.TrlExporter;
import dev.groundwork.annotation.simulate.JudgmentSimulator;
import dev.groundwork.storage.dataset.DatasetCatalog;
import dev.groundwork.storage.dataset.DatasetExporter;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.ExportSummary;
import dev.groundwork.storage.dataset.ImportSummary;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.web.security.DemoRealm;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/** Commands that need the database: import, export, datasets, up. */
public final class DataCommands {

    public static final String DEMO_DATASET = "demo-world";
    static final long DEMO_SEED = 7;
    static final int DEMO_SCENES = 300;

    private DataCommands() {}

    static void run(String command, GroundworkCli.Args a, PrintStream out, PrintStream err) {
        switch (command) {
            case "import" -> a.allowOnly("--dataset", "--errors");
            case "export" -> a.allowOnly("--dataset", "--out", "--format", "--allow-critic");
            case "up", "demo" -> a.allowOnly("--scenes", "--no-stream");
            default -> a.allowOnly();
        }
        String actor = "cli:" + System.getProperty("user.name", "unknown");
        // Validate the command line before paying for a Spring start.
        Path importPath = command.equals("import") ? Path.of(a.positional(1, "PATH to import")) : null;
        String format = a.option("--format").orElse("native");
        if (command.equals("export")) {
            a.required("--dataset");
            a.required("--out");
            if (!format.equals("native") && !format.equals("trl")) {
                throw new GroundworkCli.UsageException("unknown export format '" + format + "' (available: native, trl)");
            }
        }
        if (command.equals("up")) {
            Up.run(a.intOption("--scenes", DEMO_SCENES), !a.flag("--no-stream"), actor, out);
            return;
        }
        try (ConfigurableApplicationContext ctx = CliApplication.start()) {
            switch (command) {
                case "import" -> printImport(out, ctx.getBean(DatasetImporter.class).importDataset(importPath, a.option("--dataset"), actor));
                case "export" -> export(ctx, a, format, actor, out);
                case "datasets" -> printCatalog(ctx, out);
                case "demo" -> demo(ctx, a.intOption("--scenes", DEMO_SCENES), actor, out);
                default -> throw new GroundworkCli.UsageException("unknown command '" + command + "'");
            }
        }
    }

    private static void export(ConfigurableApplicationContext ctx, GroundworkCli.Args a, String format, String actor, PrintStream out) {
        String dataset = a.required("--dataset");
        Path dir = Path.of(a.required("--out"));
        if (format.equals("trl")) {
            var s = ctx.getBean(TrlExporter.class).export(dataset, dir, new PreferencePolicy(a.flag("--allow-critic")), actor);
            out.printf("exported %d preference pairs (TRL: prompt, chosen, rejected, images) from %d judged comparisons "
                    + "of '%s' with %d images to %s%n", s.pairs(), s.comparisonsJudged(), dataset, s.images(), s.directory());
        } else {
            ExportSummary s = ctx.getBean(DatasetExporter.class).export(dataset, dir, actor);
            out.printf("exported dataset '%s': %d items, %d images to %s%ncontent digest %s%n",
                    s.dataset(), s.items(), s.images(), s.directory(), s.digest());
        }
    }

    /**
     * First run: generate and import the demo world, create comparisons, assign them to the demo
     * realm's annotators, and record simulated critic judgments and the last annotator's judgments.
     */
    public static void demo(ConfigurableApplicationContext ctx, int scenes, String actor, PrintStream out) {
        DatasetCatalog catalog = ctx.getBean(DatasetCatalog.class);
        if (catalog.find(DEMO_DATASET).isPresent()) {
            out.println("demo world already imported; reusing it");
        } else {
            Path dir = dataDir().resolve("demo-world");
            if (!Files.exists(dir.resolve("manifest.jsonl"))) {
                out.printf("generating the demo world: %d scenes, seed %d -> %s%n", scenes, DEMO_SEED, dir);
                WorldCommand.write(scenes, DEMO_SEED, dir, DEMO_DATASET, out);
            }
            printImport(out, ctx.getBean(DatasetImporter.class).importDataset(dir, Optional.of(DEMO_DATASET), actor));
            int comparisons = ctx.getBean(ComparisonService.class).createForDataset(DEMO_DATASET, PairingMode.FIRST_VS_REST, DEMO_SEED, actor);
            // The realm's annotators (fixed Keycloak subjects) share the work with overlap 2; the last one's
            // share is judged by simulation, so that review and agreement have data from the first start.
            List<DemoRealm.User> annotators = DemoRealm.withRole("annotator");
            AssignmentService assignments = ctx.getBean(AssignmentService.class);
            annotators.forEach(u -> assignments.ensureAnnotator(u.subject(), u.username(), "annotator"));
            var report = assignments.assign(DEMO_DATASET, annotators.stream().map(DemoRealm.User::subject).toList(), 2, DEMO_SEED, actor);
            JudgmentService judgments = ctx.getBean(JudgmentService.class);
            JudgmentSimulator simulator = ctx.getBean(JudgmentSimulator.class);
            List<RecordJudgment> critic = simulator.critic(DEMO_DATASET, "critic-sim", 0.9, DEMO_SEED);
            critic.forEach(judgments::record);
            String simulated = annotators.get(annotators.size() - 1).subject();
            List<RecordJudgment> human = simulator.humans(DEMO_DATASET, 0.8, DEMO_SEED).stream()
                    .filter(j -> j.judgeId().equals(simulated)).toList();
            judgments.recordAll(human);
            out.printf("created %d comparisons, %d assignments (overlap %d over %s), %d simulated critic judgments, "
                    + "%d simulated judgments by %s%n", comparisons, report.created(), report.overlapK(),
                    annotators.stream().map(DemoRealm.User::username).toList(), critic.size(), human.size(),
                    annotators.get(annotators.size() - 1).username());
        }
        printCatalog(ctx, out);
        out.println("database:    " + describe(ctx.getBean(DataSource.class)));
        out.println("image store: " + ctx.getBean(ImageStore.class).root() + " (" + ctx.getBean(ImageStore.class).list().size() + " files)");
    }

    public static Path dataDir() {
        String configured = Optional.ofNullable(System.getProperty("GW_DATA_DIR")).orElse(System.getenv("GW_DATA_DIR"));
        return Path.of(configured == null ? "./data" : configured).toAbsolutePath().normalize();
    }

    static String describe(DataSource ds) {
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
