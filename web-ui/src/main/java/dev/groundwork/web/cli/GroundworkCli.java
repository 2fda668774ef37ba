package dev.groundwork.web.cli;

import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code ./gw}'s Java commands ({@code world generate}, {@code import}, {@code export},
 * {@code datasets}, {@code demo}, {@code up}). Every failure exits non-zero with a one-line reason on stderr:
 * 2 for a usage error, 1 for anything else.
 */
@Command(name = "gw", mixinStandardHelpOptions = true, versionProvider = GroundworkCli.Version.class,
        description = "Groundwork workbench: the synthetic world, dataset import and export, the demo data, "
                + "the whole workbench.",
        subcommands = {WorldCommand.class, DataCommands.Import.class, DataCommands.Export.class,
                DataCommands.Datasets.class, DataCommands.Demo.class, Up.class, Serve.class, CommandLine.HelpCommand.class})
public final class GroundworkCli {

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(new GroundworkCli(), out, err).execute(args);
    }

    /**
     * A command line for the given command with the workbench's error handling: {@code gw: <reason>} on {@code err},
     * exit 2 and a pointer to the command's help for a usage error, exit 1 for a failure.
     */
    static CommandLine commandLine(Object command, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, args) -> {
            err.println("gw: " + usageReason(e));
            err.println("run './" + e.getCommandLine().getCommandSpec().qualifiedName(" ") + " --help' for usage");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ImportException refused) {
                boolean all = commandLine.getCommand() instanceof DataCommands.Import importing && importing.errors;
                err.println("gw: import refused: " + refused.getMessage()
                        + (refused.errors().size() > 1 && !all ? " [add --errors to list them all]" : ""));
                if (all) {
                    for (ImportError error : refused.errors()) {
                        err.println("  " + error);
                    }
                }
                return 1;
            }
            boolean expected = e instanceof DatasetNotFoundException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException || e instanceof UncheckedIOException;
            err.println("gw: " + (expected ? "" : "unexpected failure: ") + oneLine(e));
            return 1;
        });
        return cli;
    }

    /** Picocli's reason, except that a word where a command belongs reads as an unknown (sub)command. */
    private static String usageReason(ParameterException e) {
        CommandLine cli = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException unmatched && !cli.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String word = unmatched.getUnmatched().get(0);
            if (cli.getParent() == null) {
                return "unknown command '" + word + "'";
            }
            List<String> expected = cli.getSubcommands().keySet().stream()
                    .filter(name -> !name.equals("help")).toList();
            return "unknown subcommand '" + word + "' (expected " + String.join(" or ", expected) + ")";
        }
        return e.getMessage();
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
            String version = GroundworkCli.class.getPackage().getImplementationVersion();
            return new String[] {"groundwork workbench " + Optional.ofNullable(version).orElse("(development build)")};
        }
    }
}
