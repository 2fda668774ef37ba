package dev.groundwork.web.cli;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.deploy.kafka.KafkaBroker;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The workbench's side of the judgment stream: a broker (the embedded one, unless {@code GW_KAFKA_BOOTSTRAP} names
 * an external cluster) and the outbox relays that publish the workbench's judgments to it. The trainer and critic
 * services, processes of their own, consume them (see {@link ServiceProcess}).
 */
public final class Pipeline implements AutoCloseable {

    final Optional<KafkaBroker> broker;
    final KafkaConnection kafka;
    final List<OutboxRelay> relays;

    private Pipeline(Optional<KafkaBroker> broker, KafkaConnection kafka, List<OutboxRelay> relays) {
        this.broker = broker;
        this.kafka = kafka;
        this.relays = List.copyOf(relays);
    }

    /** The embedded broker in {@code kafkaDir}, or the external one from the environment. */
    public static Optional<KafkaBroker> broker(Path kafkaDir, int port, int controllerPort) {
        if (external().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(KafkaBroker.start(KafkaBroker.Config.of(kafkaDir, port, controllerPort)));
    }

    public static Optional<KafkaConnection> external() {
        return KafkaConnection.fromEnvironment();
    }

    /** The connection to {@code broker}, or to the external cluster. */
    public static KafkaConnection connection(Optional<KafkaBroker> broker) {
        return broker.map(b -> KafkaConnection.local(b.bootstrapServers()))
                .orElseGet(() -> external().orElseThrow(() -> new IllegalStateException("no Kafka configured")));
    }

    /** Creates the topics and starts one relay, {@code <instanceId>-r1}. */
    public static Pipeline start(Optional<KafkaBroker> broker, DataSource dataSource, String instanceId) {
        return start(broker, dataSource, instanceId, 1);
    }

    /**
     * Creates the topics and starts {@code relays} relays on the outbox, {@code <instanceId>-r1} to
     * {@code <instanceId>-r<relays>}: each claims its own rows ({@code SKIP LOCKED}) and has its own transactional id,
     * so they publish side by side. Every process that shares the database needs its own {@code instanceId}.
     */
    public static Pipeline start(Optional<KafkaBroker> broker, DataSource dataSource, String instanceId, int relays) {
        if (relays < 1) {
            throw new IllegalArgumentException("the workbench needs at least one outbox relay, was " + relays);
        }
        KafkaConnection kafka = connection(broker);
        kafka.ensureTopics();
        List<OutboxRelay> started = new ArrayList<>();
        for (int i = 1; i <= relays; i++) {
            OutboxRelay relay = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults(instanceId + "-r" + i),
                    Clock.systemUTC(), OutboxRelay.Faults.NONE);
            relay.start();
            started.add(relay);
        }
        return new Pipeline(broker, kafka, started);
    }

    /**
     * This process's instance id among the workbench replicas that share one database: {@code GW_INSTANCE_ID}, else the
     * host name (unique per pod or machine). Its relays' transactional ids derive from it, and two processes with one
     * transactional id fence each other.
     */
    public static String instanceId(Map<String, String> env) {
        String configured = env.get("GW_INSTANCE_ID");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = env.getOrDefault("HOSTNAME", "");
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "-");
        if (id.isEmpty()) {
            throw new IllegalStateException("cannot tell this workbench instance from others: set GW_INSTANCE_ID");
        }
        return id.length() > 90 ? id.substring(0, 90) : id;
    }

    /** How many outbox relays this process runs: {@code GW_OUTBOX_RELAYS}, default 1. */
    public static int relays(Map<String, String> env) {
        String n = env.getOrDefault("GW_OUTBOX_RELAYS", "1");
        try {
            return Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GW_OUTBOX_RELAYS must be a number, was '" + n + "'");
        }
    }

    public KafkaConnection kafka() { return kafka; }

    /** The first relay (every relay sees the same outbox: its counts of unpublished rows are the same). */
    public OutboxRelay relay() { return relays.get(0); }

    public List<OutboxRelay> relays() { return relays; }

    /** Rows published by this process's relays together. */
    public long published() {
        return relays.stream().mapToLong(OutboxRelay::published).sum();
    }

    /** Stops the relays, then the embedded broker. */
    @Override
    public void close() {
        relays.parallelStream().forEach(OutboxRelay::stop);
        broker.ifPresent(KafkaBroker::close);
    }
}
