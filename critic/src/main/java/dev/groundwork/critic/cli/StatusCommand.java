package dev.groundwork.critic.cli;

import dev.groundwork.annotation.criticjob.CriticJobs;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, description = "One critic job's progress, or the last 20 jobs.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "JOB", description = "the job's key (as `critic run` printed it)")
    String job;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigurableApplicationContext ctx = CriticApplication.start()) {
            CriticJobs jobs = ctx.getBean(CriticJobs.class);
            List<CriticJobs.Progress> list = job == null ? jobs.recent(20) : jobs.progress(job).stream().toList();
            if (list.isEmpty()) {
                spec.commandLine().getErr().println(job == null ? "no critic jobs yet" : "no critic job " + job);
                return job == null ? 0 : 1;
            }
            list.forEach(p -> Jobs.print(out, p));
            out.flush();
            return 0;
        }
    }
}
