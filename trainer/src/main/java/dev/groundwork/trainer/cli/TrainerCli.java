package dev.groundwork.trainer.cli;

import dev.groundwork.annotation.ops.LogFormat;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The trainer jar's command line ({@code ./gw train}, {@code ./gw bench trainer}, {@code ./gw trainer service}).
 * Every failure exits non-zero with a one-line reason on stderr: 2 for a usage error, 1 for anything else.
 */
@Command(name = "gw", mixinStandardHelpOptions = true, versionProvider = TrainerCli.Version.class,
        description = "Groundwork trainer: training commands, the trainer service and its benchmark.",
        subcommands = {TrainCommand.class, ServiceCommand.class, EvalCommand.class, ExperimentCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class TrainerCli {

    public static void main(String[] args) {
        // libtorch comes from the pytorch-native-cpu jar (or PYTORCH_LIBRARY_PATH on a GPU host): never download it.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            LogFormat.fromEnvironment(System.getenv()); // logback.xml picks its appender by this name
        } catch (IllegalArgumentException e) {
            System.err.println("gw trainer: " + e.getMessage());
            System.exit(2);
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(out, err);
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new TrainerCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, args) -> {
            err.println("gw: " + e.getMessage());
            String command = e.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^gw ?", "");
            err.println("run './gw " + (command.isEmpty() ? "" : command + " ") + "--help' for usage");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandLine.ParameterException p) {
                err.println("gw: " + p.getMessage());
                return 2;
            }
            boolean expected = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof UncheckedIOException;
            err.println("gw: " + (expected ? "" : "unexpected failure: ") + oneLine(e));
            return 1;
        });
        return cli;
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : root.toString();
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"groundwork trainer " + dev.groundwork.trainer.train.Provenance.currentCodeVersion()};
        }
    }
}
