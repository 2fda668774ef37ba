package dev.groundwork.critic.cli;

import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.critic.worker.CriticWorker;
import dev.groundwork.critic.worker.LocalCritics;
import dev.groundwork.critic.worker.RequestJudge;
import dev.groundwork.storage.image.ImageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;
import picocli.CommandLine.Option;

/** How many critic workers this process runs, and how many requests each judges at once. */
final class WorkerOptions {

    /** How long one poll's judging may take before the group gives the worker's partitions away. */
    static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(10);

    @Option(names = "--workers", defaultValue = "1", description = "consumers in the critic group (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "requests judged at once per worker (default ${DEFAULT-VALUE})")
    int concurrency;

    List<CriticWorker> start(ApplicationContext ctx, KafkaConnection kafka, String name) {
        RequestJudge judge = new RequestJudge(LocalCritics.fromEnvironment(),
                RequestJudge.from(ctx.getBean(ImageStore.class)));
        List<CriticWorker> started = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            CriticWorker w = new CriticWorker(kafka, ctx.getBean(CriticJobs.class), judge,
                    new CriticWorker.Settings(name + "-" + i, concurrency, Duration.ofMillis(500), MAX_POLL_INTERVAL,
                            Duration.ofSeconds(2)));
            w.start();
            started.add(w);
        }
        return started;
    }
}
