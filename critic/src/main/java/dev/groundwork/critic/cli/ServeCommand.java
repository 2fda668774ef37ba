package dev.groundwork.critic.cli;

import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.ops.Meters;
import dev.groundwork.annotation.ops.ServiceOps;
import dev.groundwork.critic.round.OnPolicyRound;
import dev.groundwork.critic.round.RoundRequests;
import dev.groundwork.critic.worker.CriticWorker;
import dev.groundwork.critic.worker.LocalCritics;
import dev.groundwork.trainer.run.ArtifactStore;
import io.micrometer.core.instrument.Tags;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"The critic service: judges every critic job's requests, and runs on-policy round jobs,",
            "until stopped (Ctrl-C)."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    WorkerOptions options;

    @Option(names = "--ops-port", defaultValue = "${env:GW_CRITIC_OPS_PORT}",
            description = "serve /health/live, /health/ready and /metrics on this port (default: GW_CRITIC_OPS_PORT, else none)")
    Integer opsPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (opsPort != null && (opsPort < 0 || opsPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--ops-port must be a port from 0 to 65535, was " + opsPort);
        }
        out.printf("critic service: starting %d worker(s) ...%n", options.workers);
        out.flush();
        ConfigurableApplicationContext ctx = CriticApplication.start();
        Stream stream = Stream.open(ctx.getBean(DataSource.class), out);
        String host = InetAddress.getLocalHost().getHostName();
        List<CriticWorker> workers = options.start(ctx, stream.kafka, host);
        out.printf("critic service: %d worker(s), %d requests at once each, group %s on %s%n", workers.size(),
                options.concurrency, CriticWorker.GROUP, stream.kafka.bootstrapServers());
        // On-policy round jobs (OnPolicyRoundRequested on the commands topic, key critic), one at a time.
        Path dataDir = Path.of(Optional.ofNullable(System.getenv("GW_DATA_DIR")).orElse("data"));
        RoundRequests rounds = RoundRequests.start(stream.kafka, new OnPolicyRound(ctx, stream.kafka,
                LocalCritics.fromEnvironment(), ArtifactStore.fromEnvironment(dataDir), out), Clock.systemUTC());
        Optional<ServiceOps> ops = Optional.ofNullable(opsPort).map(port -> instrument(
                ServiceOps.start("critic", port), workers, ctx.getBean(DataSource.class)));
        ops.ifPresent(o -> out.printf("critic service: health, readiness and metrics on http://localhost:%d/"
                + " (/health/live, /health/ready, /metrics)%n", o.port()));
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            rounds.close();
            workers.forEach(CriticWorker::close);
            ops.ifPresent(ServiceOps::close);
            stream.close();
            ctx.close();
            stopped.countDown();
        }, "critic-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * The workers' lag as gauges (one per worker), and readiness while every worker polls (a poll's judging may take
     * up to {@link WorkerOptions#MAX_POLL_INTERVAL}) and the workbench database answers.
     */
    static ServiceOps instrument(ServiceOps ops, List<CriticWorker> workers, DataSource db) {
        Meters meters = new Meters(ops.registry());
        for (CriticWorker w : workers) {
            meters.gauge(Meters.CONSUMER_LAG, Tags.of("group", CriticWorker.GROUP, "topic", Topics.CRITIC_REQUESTS,
                    "worker", w.workerId()), "records the critic worker is behind", w::lag);
        }
        Duration window = WorkerOptions.MAX_POLL_INTERVAL.plusMinutes(1);
        ops.readiness("critic-workers", () -> workers.stream().allMatch(w -> w.polledWithin(window)));
        ops.readiness("database", () -> {
            try (Connection c = db.getConnection()) {
                return c.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        });
        return ops;
    }
}
