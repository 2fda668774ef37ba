package dev.groundwork.deploy.kafka;

import dev.groundwork.deploy.Launchers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Apache Kafka 4.4 broker in KRaft mode (broker and controller in one process),
 * run in its own JVM from the jars that the {@code deploy} module copies to
 * {@code deploy/target/kafka-lib}. Used by {@code ./gw up}, the benchmarks and the
 * integration tests, which kill and restart it to prove delivery guarantees.
 *
 * <p>The storage directory is formatted once ({@code kafka.tools.StorageTool format
 * --standalone}); restarts keep the data. Readiness: the log says {@code Kafka Server started}
 * and the listener accepts connections.
 */
public final class KafkaBroker implements AutoCloseable {

    /** How to run the broker. */
    public record Config(Path dataDir, int port, int controllerPort, Path kafkaLib, String clusterId,
            Duration startTimeout, String heap, Map<String, String> overrides) {

        public Config {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(kafkaLib, "kafkaLib");
            if (port <= 0 || controllerPort <= 0 || port == controllerPort) {
                throw new IllegalArgumentException("broker and controller need two distinct ports, got " + port + " and " + controllerPort);
            }
            if (clusterId == null || clusterId.length() != 22) {
                throw new IllegalArgumentException("cluster id must be 22 characters (base64 UUID), got '" + clusterId + "'");
            }
            overrides = Map.copyOf(overrides);
        }

        /** Defaults: a fixed cluster id, 512 MiB heap, 90 s to start. */
        public static Config of(Path dataDir, int port, int controllerPort) {
            return new Config(dataDir.toAbsolutePath(), port, controllerPort, defaultKafkaLib(), "R3JvdW5kd29ya0thZmthMQ",
                    Duration.ofSeconds(90), "512m", Map.of());
        }

        public Config withOverrides(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(overrides);
            all.putAll(more);
            return new Config(dataDir, port, controllerPort, kafkaLib, clusterId, startTimeout, heap, all);
        }
    }

    private static final String READY_LINE = "Kafka Server started";

    private final Config config;
    private Process process;
    private Thread shutdownHook;

    private KafkaBroker(Config config) {
        this.config = config;
    }

    /** Formats the storage if needed and starts the broker; returns once it serves. */
    public static KafkaBroker start(Config config) {
        KafkaBroker broker = new KafkaBroker(config);
        broker.startProcess();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + config.port();
    }

    public Config config() {
        return config;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Optional<Long> pid() {
        return isRunning() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** Starts it again after {@link #kill()} or {@link #stop()}, on the same port and data. */
    public synchronized void restart() {
        if (isRunning()) {
            throw new IllegalStateException("broker is still running (pid " + process.pid() + ")");
        }
        startProcess();
    }

    /** SIGKILL: the broker gets no chance to flush or close anything. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
        process = null;
    }

    /** Graceful shutdown (SIGTERM), then SIGKILL after 60 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(60))) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
            shutdownHook = null;
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

    private synchronized void startProcess() {
        try {
            Files.createDirectories(config.dataDir());
            Path properties = writeProperties();
            Path log4j = writeLog4j();
            if (!Files.exists(logDir().resolve("meta.properties"))) {
                format(properties, log4j);
            }
            Path log = config.dataDir().resolve("broker.log");
            long offset = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder pb = new ProcessBuilder(javaCommand(log4j, "kafka.Kafka", properties.toString()));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::stop, "kafka-broker-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            awaitReady(log, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka broker in " + config.dataDir(), e);
        }
    }

    private void awaitReady(Path log, long offset) throws IOException {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with code " + process.exitValue()
                        + " during start; last log lines:\n" + Launchers.tail(log, 30));
            }
            if (logSince(log, offset).contains(READY_LINE) && accepts(config.port())) {
                return;
            }
            Launchers.pause(100, "the broker");
        }
        process.destroyForcibly();
        throw new IllegalStateException("Kafka broker not ready after " + config.startTimeout().toSeconds()
                + " s; last log lines:\n" + Launchers.tail(log, 30));
    }

    private void format(Path properties, Path log4j) throws IOException {
        List<String> cmd = javaCommand(log4j, "kafka.tools.StorageTool", "format", "-t", config.clusterId(),
                "-c", properties.toString(), "--standalone");
        Path out = config.dataDir().resolve("format.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed:\n" + Launchers.tail(out, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private List<String> javaCommand(Path log4j, String mainClass, String... args) {
        if (!Files.isDirectory(config.kafkaLib())) {
            throw new IllegalStateException("Kafka jars not found at " + config.kafkaLib()
                    + "; build the deploy module first (mvn -pl deploy package) or set GW_KAFKA_LIB");
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx" + config.heap(), "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-cp", config.kafkaLib().toAbsolutePath() + "/*",
                mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Path logDir() {
        return config.dataDir().resolve("logs");
    }

    private Path writeProperties() throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + config.controllerPort());
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + config.port() + ",CONTROLLER://127.0.0.1:" + config.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + config.port());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir().toString());
        p.put("num.partitions", "4");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(config.overrides());
        StringBuilder text = new StringBuilder("# written by Groundwork's KafkaBroker launcher\n");
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = config.dataDir().resolve("server.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Path writeLog4j() throws IOException {
        Path file = config.dataDir().resolve("log4j2.properties");
        Files.writeString(file, """
                status = warn
                appender.out.type = Console
                appender.out.name = OUT
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = WARN
                rootLogger.appenderRef.out.ref = OUT
                logger.raft.name = kafka.server.KafkaRaftServer
                logger.raft.level = INFO
                logger.broker.name = kafka.server.BrokerServer
                logger.broker.level = INFO
                logger.txn.name = kafka.coordinator.transaction
                logger.txn.level = INFO
                logger.txn2.name = org.apache.kafka.coordinator.transaction
                logger.txn2.level = INFO
                """, StandardCharsets.UTF_8);
        return file;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String logSince(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(offset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /**
     * {@code groundwork.kafka.lib} system property, then {@code GW_KAFKA_LIB}, then
     * {@code deploy/target/kafka-lib} in the current folder or one of its parents.
     */
    public static Path defaultKafkaLib() {
        return Launchers.locate("groundwork.kafka.lib", "GW_KAFKA_LIB", "kafka-lib",
                dir -> Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty(), Path.of("deploy/target/kafka-lib"));
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
