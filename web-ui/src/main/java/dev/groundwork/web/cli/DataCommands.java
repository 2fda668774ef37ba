package dev.groundwork.web.cli;

import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.export.TrlExporter;
import dev.groundwork.annotation.export.TrlStyle;
import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.dataset.DatasetAdmin;
import dev.groundwork.annotation.simulate.JudgmentSimulator;
import dev.groundwork.storage.dataset.DatasetCatalog;
import dev.groundwork.storage.dataset.DatasetExporter;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.DatasetName;
import dev.groundwork.storage.dataset.ExportSummary;
import dev.groundwork.storage.dataset.ImportSummary;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.web.security.DemoRealm;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Commands that need the database: import, export, datasets, demo. */
public final class DataCommands {

    public static final String DEMO_DATASET = "demo-world";
    static final long DEMO_SEED = 7;
    static final int DEMO_SCENES = 300;

    private DataCommands() {}

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Import a dataset folder, a .zip or a POPE .jsonl file, all-or-nothing.")
    static final class Import implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "folder, .zip or POPE .jsonl")
        Path path;

        @Option(names = "--dataset", paramLabel = "NAME",
                description = "the dataset's name (default: the one it carries); " + DatasetName.RULE)
        String dataset;

        @Option(names = "--errors", description = "list every problem when the import is refused")
        boolean errors;

        @Override
        public Integer call() {
            if (dataset != null) {
                DatasetName.problem(dataset).ifPresent(reason -> {
                    throw new ParameterException(spec.commandLine(), "--dataset: " + reason);
                });
            }
            try (ConfigurableApplicationContext ctx = CliApplication.start()) {
                printImport(spec.commandLine().getOut(),
                        ctx.getBean(DatasetImporter.class).importDataset(path, Optional.ofNullable(dataset), actor()));
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Write a dataset in the native format, or its aggregated preference pairs for TRL.")
    static final class Export implements Callable<Integer> {

        static final List<String> FORMATS = List.of("native", "trl");

        @Spec CommandSpec spec;

        @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "the dataset to export")
        String dataset;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write to")
        Path dir;

        @Option(names = "--format", defaultValue = "native", paramLabel = "FORMAT",
                description = "native or trl (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--allow-critic", description = "TRL: let comparisons judged only by the critic make pairs")
        boolean allowCritic;

        @Option(names = "--trl-style", defaultValue = "conversational", paramLabel = "STYLE",
                converter = TrlStyleConverter.class,
                description = "TRL: conversational (a user turn with the image and the prompt, assistant turns for the "
                        + "answers, as TRL's vision-language examples) or plain (three strings) (default: ${DEFAULT-VALUE})")
        TrlStyle trlStyle;

        /** {@code conversational} or {@code plain}, in any case. */
        static final class TrlStyleConverter implements ITypeConverter<TrlStyle> {
            @Override
            public TrlStyle convert(String value) {
                return TrlStyle.of(value).orElseThrow(() -> new TypeConversionException(
                        "expected one of " + TrlStyle.labels() + ", was '" + value + "'"));
            }
        }

        @Override
        public Integer call() {
            if (!FORMATS.contains(format)) {
                throw new ParameterException(spec.commandLine(),
                        "unknown export format '" + format + "' (available: " + String.join(", ", FORMATS) + ")");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (ConfigurableApplicationContext ctx = CliApplication.start()) {
                if (format.equals("trl")) {
                    var s = ctx.getBean(TrlExporter.class)
                            .export(dataset, dir, new PreferencePolicy(allowCritic), trlStyle, actor());
                    out.printf("exported %d preference pairs (TRL, %s: prompt, chosen, rejected, images) from %d judged "
                            + "comparisons of '%s' with %d images to %s%n", s.pairs(), trlStyle.label(),
                            s.comparisonsJudged(), dataset, s.images(), s.directory());
                } else {
                    ExportSummary s = ctx.getBean(DatasetExporter.class).export(dataset, dir, actor());
                    out.printf("exported dataset '%s': %d items, %d images to %s%ncontent digest %s%n",
                            s.dataset(), s.items(), s.images(), s.directory(), s.digest());
                }
            }
            return 0;
        }
    }

    @Command(name = "datasets", mixinStandardHelpOptions = true,
            description = "List the datasets in the database; delete or rename one.",
            subcommands = {Datasets.Delete.class, Datasets.Rename.class})
    static final class Datasets implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = CliApplication.start()) {
                printCatalog(ctx, spec.commandLine().getOut());
            }
            return 0;
        }

        @Command(name = "delete", mixinStandardHelpOptions = true,
                description = "Delete a dataset with its items, comparisons, assignments, judgments, resolutions and "
                        + "critic jobs, all-or-nothing and audited; images no other dataset uses are removed. "
                        + "The trainer stops using its pairs (a DatasetDeleted event).")
        static final class Delete implements Callable<Integer> {

            @Spec CommandSpec spec;

            @Parameters(index = "0", paramLabel = "NAME", description = "the dataset to delete")
            String name;

            @Override
            public Integer call() {
                try (ConfigurableApplicationContext ctx = CliApplication.start()) {
                    DatasetAdmin.Deletion d = ctx.getBean(DatasetAdmin.class).delete(name, actor());
                    spec.commandLine().getOut().printf("deleted dataset '%s': %d items, %d comparisons, %d judgments;"
                            + " %d unused images removed%n", d.dataset(), d.items(), d.comparisons(), d.judgments(),
                            d.imagesRemoved());
                }
                return 0;
            }
        }

        @Command(name = "rename", mixinStandardHelpOptions = true,
                description = "Rename a dataset, all-or-nothing and audited (a DatasetRenamed event). A name has "
                        + DatasetName.RULE + ".")
        static final class Rename implements Callable<Integer> {

            @Spec CommandSpec spec;

            @Parameters(index = "0", paramLabel = "OLD", description = "the dataset's name now")
            String from;

            @Parameters(index = "1", paramLabel = "NEW", description = "its new name")
            String to;

            @Override
            public Integer call() {
                DatasetName.problem(to).ifPresent(reason -> {
                    throw new ParameterException(spec.commandLine(), reason);
                });
                try (ConfigurableApplicationContext ctx = CliApplication.start()) {
                    ctx.getBean(DatasetAdmin.class).rename(from, to, actor());
                    spec.commandLine().getOut().printf("renamed dataset '%s' to '%s'%n", from, to);
                }
                return 0;
            }
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Seed the demo data once (what ./gw up does first), without starting anything.")
    static final class Demo implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--scenes", defaultValue = "" + DEMO_SCENES, paramLabel = "N",
                description = "scenes of the demo world when it is generated (default: ${DEFAULT-VALUE})")
        int scenes;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = CliApplication.start()) {
                demo(ctx, scenes, actor(), spec.commandLine().getOut());
            }
            return 0;
        }
    }

    /** Who the audit trail names for a command run from this shell. */
    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /**
     * First run: generate and import the demo world, create comparisons, assign them to the demo
     * realm's annotators, start a claim-checker critic job over them (the critic service judges it: {@code gw up}
     * starts one) and record the last annotator's judgments by simulation.
     */
    public static void demo(ConfigurableApplicationContext ctx, int scenes, String actor, PrintWriter out) {
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
            annotators.forEach(u -> assignments.ensureAnnotator(u.subject(), u.username(), u.displayName(), "annotator"));
            var report = assignments.assign(DEMO_DATASET, annotators.stream().map(DemoRealm.User::subject).toList(), 2, DEMO_SEED, actor);
            JudgmentService judgments = ctx.getBean(JudgmentService.class);
            JudgmentSimulator simulator = ctx.getBean(JudgmentSimulator.class);
            CriticJobs.Job critic = ctx.getBean(CriticJobs.class).create(DEMO_DATASET, "claims", null, actor);
            String simulated = annotators.get(annotators.size() - 1).subject();
            List<RecordJudgment> human = simulator.humans(DEMO_DATASET, 0.8, DEMO_SEED).stream()
                    .filter(j -> j.judgeId().equals(simulated)).toList();
            judgments.recordAll(human);
            out.printf("created %d comparisons, %d assignments (overlap %d over %s), %d simulated judgments by %s%n",
                    comparisons, report.created(), report.overlapK(),
                    annotators.stream().map(DemoRealm.User::username).toList(), human.size(),
                    annotators.get(annotators.size() - 1).username());
            out.printf("critic job %s: the claim checker judges all %d comparisons (the critic service runs it)%n",
                    critic.key(), critic.requested());
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

    private static void printImport(PrintWriter out, ImportSummary s) {
        out.printf("imported dataset '%s' (%s): %d items, %d responses, %d images new, %d reused, %d with ground truth%n"
                        + "content digest %s%n",
                s.dataset(), s.sourceFormat(), s.items(), s.responses(), s.imagesNew(), s.imagesReused(),
                s.imagesWithGroundTruth(), s.digest());
    }

    private static void printCatalog(ConfigurableApplicationContext ctx, PrintWriter out) {
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
