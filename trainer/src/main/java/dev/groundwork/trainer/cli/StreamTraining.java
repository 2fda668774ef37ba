package dev.groundwork.trainer.cli;

import dev.groundwork.annotation.event.EvaluateRequested;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.TrainRoundRequested;
import dev.groundwork.annotation.ops.ServiceOps;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.trainer.evaluation.EvaluationRequests;
import dev.groundwork.trainer.evaluation.EvaluationRun;
import dev.groundwork.trainer.follow.FollowRounds;
import dev.groundwork.trainer.image.ImageResolver;
import dev.groundwork.trainer.image.ImageSettings;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.run.Objective;
import dev.groundwork.trainer.service.BufferLock;
import dev.groundwork.trainer.service.CommandChannel;
import dev.groundwork.trainer.service.RoundLease;
import dev.groundwork.trainer.service.TrainerService;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Training on the judgment stream, for {@code gw train --from stream} and {@code gw trainer service}: takes the pair
 * buffer's lock (one owner process), starts consuming, and trains rounds ({@link FollowRounds}): one round on the
 * new pairs and exit, or with {@code --follow} a round each time enough new pairs have arrived, until stopped. When a
 * trainer service already owns the buffer, a one-off round is asked of it on the commands topic ({@link RoundRequest}).
 */
final class StreamTraining {

    private StreamTraining() {}

    static int run(Objective objective, ModelOptions model, StreamOptions stream, Optional<String> bootstrap, OptionalInt opsPort,
            PrintWriter writer) {
        PrintStream out = System.out;
        writer.flush();
        KafkaConnection kafka = Environment.kafka(bootstrap).orElseThrow(() -> new IllegalStateException(
                "--from stream needs Kafka: give --kafka HOST:PORT or set GW_KAFKA_BOOTSTRAP (./gw up runs a broker)"));
        Path trainerDir = Environment.trainerDir();
        Optional<BufferLock> owned = BufferLock.tryAcquire(trainerDir);
        if (owned.isEmpty()) {
            if (stream.follow) {
                throw new IllegalStateException("a trainer service is already running on " + trainerDir + " (it holds "
                        + trainerDir.resolve(BufferLock.FILE) + "); it follows the stream itself");
            }
            // The pair buffer has one owner: ask it for the round.
            return RoundRequest.ask(kafka, objective.name(), stream.minNewPairs(), Duration.ofMinutes(60), out);
        }
        BufferLock lock = owned.get();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("GW_DATA_DIR", Environment.dataDir().toString());
        ImageSettings imageSettings = ImageSettings.fromEnvironment(env);
        ImageResolver resolver = imageSettings.resolver(Clock.systemUTC());
        ArtifactStore store = ArtifactStore.fromEnvironment(Environment.dataDir());
        String name = stream.name != null ? stream.name : "stream-" + objective.name();
        FollowRounds.Settings settings = new FollowRounds.Settings(name, objective, model.settings(objective), model.config(),
                model.options(objective), Optional.ofNullable(model.steps), stream.minNewPairs(), Optional.ofNullable(model.init),
                new PreferencePolicy(stream.allowCriticOnly), Optional.ofNullable(stream.dataset), model.describe(objective, model.steps == null ? 0 : model.steps),
                stream.follow ? "service:follow" : "cli:" + System.getProperty("user.name", "unknown"));
        String bufferUrl = Environment.bufferUrl(trainerDir);
        out.printf("trainer: pair buffer %s, Kafka %s, images from %s, artifacts %s%n", bufferUrl, kafka.bootstrapServers(),
                imageSettings.directory().map(Path::toString).orElse(imageSettings.workbench() + " as " + imageSettings.clientId()),
                store.root());
        TrainerService service = TrainerService.start(lock, bufferUrl, kafka, stream.group, resolver, store);
        Optional<ServiceOps> ops = Optional.empty();
        if (opsPort.isPresent()) {
            try {
                ops = Optional.of(ServiceOps.start("trainer", opsPort.getAsInt()));
            } catch (RuntimeException e) {
                service.close();
                throw e;
            }
            service.instrument(ops.get());
            out.printf("trainer: health, readiness and metrics on http://localhost:%d/ (/health/live, /health/ready, /metrics)%n",
                    ops.get().port());
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            running.set(false);
            main.interrupt();
        }, "trainer-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Optional<RoundLease> lease = Optional.empty();
        try {
            // Instances sharing the buffer all consume; the holder of the lease trains (at once when alone).
            String holder = ProcessHandle.current().pid() + "@" + hostName();
            long leaseDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            out.println("trainer: taking the round lease (another instance of group " + stream.group + " may hold it)");
            lease = RoundLease.await(bufferUrl, holder, Duration.ofSeconds(2),
                    () -> running.get() && (stream.follow || System.nanoTime() < leaseDeadline));
            if (lease.isEmpty()) {
                if (!stream.follow) {
                    throw new IllegalStateException("another trainer service instance trains the rounds on " + bufferUrl
                            + "; ask it with gw train --from stream on its machine");
                }
                return 0;
            }
            out.println("trainer: holding the round lease as " + holder);
            FollowRounds rounds = service.rounds(settings, Clock.systemUTC(), out);
            if (stream.follow) {
                CommandChannel commands = service.commands(); // the lease holder answers requests for a round
                EvaluationRequests evaluations = new EvaluationRequests(store, service.events(), EvaluationRun.Settings.defaults(),
                        Clock.systemUTC(), out);
                rounds.follow(running::get, Duration.ofMillis((long) (stream.pollSeconds * 1000)), () -> commands.next()
                        .map(command -> {
                            if (command instanceof TrainRoundRequested round) {
                                commands.answer(rounds.answer(round));
                            } else if (command instanceof EvaluateRequested evaluation) {
                                commands.answer(evaluations.answer(evaluation));
                            }
                            return true;
                        }).orElse(false), !stream.onRequest);
                return 0;
            }
            if (!service.awaitCaughtUp(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the consumer did not catch up with " + "the judgments topic in 5 minutes");
            }
            Optional<FollowRounds.Round> round = rounds.roundIfReady(stream.minNewPairs());
            if (round.isEmpty()) {
                out.println("no new pairs since the last round (" + rounds.latestRound().map(Path::toString).orElse("none yet") + ")");
            }
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
            lease.ifPresent(RoundLease::close);
            service.close();
            ops.ifPresent(ServiceOps::close);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
