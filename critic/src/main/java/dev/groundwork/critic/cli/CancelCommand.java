package dev.groundwork.critic.cli;

import dev.groundwork.annotation.criticjob.CriticJobs;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancels a running critic job: requests not yet judged are skipped.")
final class CancelCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JOB", description = "the job's key")
    String job;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext ctx = CriticApplication.start()) {
            CriticJobs jobs = ctx.getBean(CriticJobs.class);
            if (jobs.job(job).isEmpty()) {
                spec.commandLine().getErr().println("no critic job " + job);
                return 1;
            }
            boolean cancelled = jobs.cancel(job, actor());
            spec.commandLine().getOut().println(cancelled ? "cancelled " + job : job + " has already finished");
            return 0;
        }
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
