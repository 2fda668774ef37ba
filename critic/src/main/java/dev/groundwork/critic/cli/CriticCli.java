package dev.groundwork.critic.cli;

import dev.groundwork.annotation.ops.LogFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The critic service's command line: {@code ./gw critic run|status|cancel|serve}. */
@Command(name = "critic", mixinStandardHelpOptions = true,
        description = "AI judges of the workbench's comparisons: critic jobs and the critic service.",
        subcommands = {RunCommand.class, StatusCommand.class, CancelCommand.class, ServeCommand.class, RoundCommand.class})
public final class CriticCli {

    public static void main(String[] args) {
        try {
            LogFormat.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("gw critic: " + e.getMessage());
            System.exit(2);
        }
        System.exit(new CommandLine(new CriticCli()).execute(args));
    }
}
