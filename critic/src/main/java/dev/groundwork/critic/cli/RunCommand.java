package dev.groundwork.critic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.critic.worker.CriticWorker;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Starts a critic job over every comparison of a dataset and, unless --detach, judges it in this process",
        "(other critic services join in) with progress, then prints its summary. Ctrl-C cancels the job."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, description = "the dataset whose comparisons are judged")
    String dataset;

    @Option(names = "--critic", required = true, description = "claims | reward-model | openai")
    String critic;

    @Option(names = "--checkpoint", description = "reward-model: the reward model's checkpoint directory")
    Path checkpoint;

    @Option(names = "--token-cap", description = "openai: the most tokens the job may spend")
    Long tokenCap;

    @Option(names = "--pointwise", description = "openai: score each answer alone and compare, instead of pairwise")
    boolean pointwise;

    @Option(names = "--templates", description = "openai: a template set file (JSON) instead of LLaVA-Critic's")
    Path templates;

    @Option(names = "--detach", description = "only create the job; a running critic service judges it")
    boolean detach;

    @Mixin
    WorkerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String settings = settings();
        try (ConfigurableApplicationContext ctx = CriticApplication.start();
                Stream stream = Stream.open(ctx.getBean(DataSource.class), out)) {
            CriticJobs jobs = ctx.getBean(CriticJobs.class);
            CriticJobs.Job job;
            try {
                job = jobs.create(dataset, critic, settings, CancelCommand.actor());
            } catch (DatasetNotFoundException | IllegalArgumentException e) {
                err.println("gw critic run: " + e.getMessage());
                return 2;
            }
            out.printf("critic job %s: %s over %d comparisons of %s%n", job.key(), critic, job.requested(), dataset);
            out.flush();
            if (detach) {
                out.println("detached: ./gw critic status " + job.key() + " shows its progress");
                return 0;
            }
            AtomicBoolean finished = new AtomicBoolean();
            Thread cancelOnInterrupt = new Thread(() -> {
                if (!finished.get() && jobs.cancel(job.key(), CancelCommand.actor())) {
                    System.err.println("\ncancelled critic job " + job.key());
                }
            });
            Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
            long started = System.nanoTime();
            List<CriticWorker> workers = options.start(ctx, stream.kafka, "cli");
            CriticJobs.Progress p;
            try {
                while (!(p = jobs.progress(job.key()).orElseThrow()).done()) {
                    out.printf(Locale.ROOT, "\r  %d / %d decided (%d judged, %d dead-lettered)", p.decided(),
                            job.requested(), p.judged(), p.deadLettered());
                    out.flush();
                    Thread.sleep(1000);
                }
            } finally {
                finished.set(true);
                workers.forEach(CriticWorker::close);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "\r%s%n", " ".repeat(60));
            Jobs.print(out, p);
            out.printf(Locale.ROOT, "  %.1f s, %.1f requests/s%n", seconds, p.decided() / seconds);
            out.flush();
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            return p.deadLettered() == 0 ? 0 : 3;
        }
    }

    private String settings() {
        ObjectNode s = new ObjectMapper().createObjectNode();
        if (checkpoint != null) {
            s.put("checkpoint", checkpoint.toAbsolutePath().normalize().toString());
        }
        if (tokenCap != null) {
            s.put("tokenCap", tokenCap);
        }
        if (pointwise) {
            s.put("pointwise", true);
        }
        if (templates != null) {
            s.put("templates", templates.toAbsolutePath().normalize().toString());
        }
        return s.isEmpty() ? null : s.toString();
    }
}
