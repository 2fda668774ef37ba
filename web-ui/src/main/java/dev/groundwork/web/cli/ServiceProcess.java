package dev.groundwork.web.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service of its own jar as a child process of {@code gw up}: {@code java -jar trainer-VERSION-exec.jar service ...}
 * or {@code java -jar critic-VERSION-exec.jar serve ...}, with its output in a log file. The workbench never loads the
 * trainer's or the critic's classes; it starts their jars and talks to them through Kafka. A service's jar is its
 * environment variable ({@code GW_TRAINER_JAR}, {@code GW_CRITIC_JAR}), else {@code <module>/target/<module>-*-exec.jar}
 * under the working directory or its parent.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The services {@code gw up} starts. */
    public enum Service {
        TRAINER("trainer", "GW_TRAINER_JAR"),
        CRITIC("critic", "GW_CRITIC_JAR");

        private final String module;
        private final String jarVariable;

        Service(String module, String jarVariable) {
            this.module = module;
            this.jarVariable = jarVariable;
        }
    }

    private final Service service;
    private final Process process;
    private final Path log;

    private ServiceProcess(Service service, Process process, Path log) {
        this.service = service;
        this.process = process;
        this.log = log;
    }

    /** The service's jar. */
    public static Path jar(Service service) {
        String configured = System.getenv(service.jarVariable);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path root : List.of(Path.of("").toAbsolutePath(), Path.of("").toAbsolutePath().getParent())) {
            Path target = root.resolve(service.module + "/target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    Optional<Path> jar = files.filter(p -> p.getFileName().toString()
                            .matches(service.module + "-.*-exec\\.jar")).findFirst();
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("the " + service.module + " service's jar was not found: build it (mvn package) or set "
                + service.jarVariable);
    }

    /**
     * Starts {@code java -jar <jar> <args>} with {@code environment} added to this process's environment.
     *
     * @param log the file that receives the service's output
     */
    public static ServiceProcess start(Service service, List<String> args, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Dai.djl.offline=true"));
        if (environment.containsKey("GW_DATA_DIR")) {
            // Also on the command line, so that the process can be told apart (ps) by its data directory.
            command.add("-DGW_DATA_DIR=" + environment.get("GW_DATA_DIR"));
        }
        command.addAll(List.of("-jar", jar(service).toString()));
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(environment);
            return new ServiceProcess(service, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + service.module + " service (" + String.join(" ", command)
                    + "): " + e.getMessage(), e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** Asks the process to stop (SIGTERM; the trainer's shutdown hook stops at a step boundary), then kills it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(30))) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /** Asks every process to stop at once, then waits for each as {@link #close} does: the slowest sets the time. */
    public static void closeAll(List<ServiceProcess> processes) {
        processes.stream().filter(ServiceProcess::isAlive).forEach(p -> p.process.destroy());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (ServiceProcess p : processes) {
            if (!p.waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                p.process.destroyForcibly();
                p.waitFor(Duration.ofSeconds(10));
            }
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return service.module + " service pid " + pid() + " (log " + log + ")";
    }

}
