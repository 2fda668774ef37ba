package dev.groundwork.web.cli;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.deploy.kafka.KafkaBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The workbench's side of the judgment stream: a broker (the embedded one, unless {@code GW_KAFKA_BOOTSTRAP} names
 * an external cluster) and the outbox relay that publishes the workbench's judgments to it. The trainer and critic
 * services, processes of their own, consume them (see {@link ServiceProcess}).
 */
public final class Pipeline implements AutoCloseable {

    final Optional<KafkaBroker> broker;
    final KafkaConnection kafka;
    final OutboxRelay relay;

    private Pipeline(Optional<KafkaBroker> broker, KafkaConnection kafka, OutboxRelay relay) {
        this.broker = broker;
        this.kafka = kafka;
        this.relay = relay;
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

    /** Creates the topics and starts the relay. */
    public static Pipeline start(Optional<KafkaBroker> broker, DataSource dataSource, String relayId) {
        KafkaConnection kafka = connection(broker);
        kafka.ensureTopics();
        OutboxRelay relay = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults(relayId), Clock.systemUTC(),
                OutboxRelay.Faults.NONE);
        relay.start();
        return new Pipeline(broker, kafka, relay);
    }

    public KafkaConnection kafka() { return kafka; }
    public OutboxRelay relay() { return relay; }

    /** Stops the relay, then the embedded broker. */
    @Override
    public void close() {
        relay.stop();
        broker.ifPresent(KafkaBroker::close);
    }
}
