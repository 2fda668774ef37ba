package dev.groundwork.web.cli;

import dev.groundwork.storage.judgment.VoteTallies;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./gw bench seed --judgments N}: adds N judgments to a database ({@link JudgmentSeed}), by default the
 * workbench's own H2 database in the data directory, and prints the rate. The schema is migrated first.
 */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Load many judgments (with their comparisons, assignments, annotators and audit entries) fast.")
public final class BenchSeed implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--judgments", defaultValue = "1000000", description = "how many judgments to add (default ${DEFAULT-VALUE})")
    long judgments;

    @Option(names = "--seed", defaultValue = "14", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--jdbc", paramLabel = "URL",
            description = "database URL (default: the workbench's H2 database in GW_DATA_DIR, as ./gw up uses it)")
    String jdbc;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "database user (default: postgres with --jdbc, else sa)")
    String jdbcUser;

    public static void main(String[] args) {
        System.exit(GroundworkCli.commandLine(new BenchSeed(), System.out, System.err).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String url = jdbc != null ? jdbc
                : "jdbc:h2:file:" + DataCommands.dataDir().resolve("db/groundwork") + ";AUTO_SERVER=TRUE";
        if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        List<String> props = List.of("--spring.datasource.url=" + url,
                "--spring.datasource.username=" + (jdbcUser != null ? jdbcUser : jdbc != null ? "postgres" : "sa"),
                "--groundwork.storage.image-root=" + Path.of(System.getProperty("java.io.tmpdir"), "gw-seed-images"));
        try (ConfigurableApplicationContext ctx = CliApplication.start(props.toArray(String[]::new))) {
            out.printf("bench seed: database %s%n", DataCommands.describe(ctx.getBean(DataSource.class)));
            JudgmentSeed.seed(ctx.getBean(DataSource.class), ctx.getBean(VoteTallies.class), judgments, seed, out);
        }
        return 0;
    }
}
