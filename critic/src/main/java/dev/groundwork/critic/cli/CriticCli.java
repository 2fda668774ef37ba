package dev.groundwork.critic.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The critic service's command line: {@code ./gw critic run|status|cancel|serve}. */
@Command(name = "critic", mixinStandardHelpOptions = true,
        description = "AI judges of the workbench's comparisons: critic jobs and the critic service.",
        subcommands = {RunCommand.class, StatusCommand.class, CancelCommand.class, ServeCommand.class, RoundCommand.class})
public final class CriticCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new CriticCli()).execute(args));
    }
}
