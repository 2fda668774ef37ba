package dev.groundwork.web.cli;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.trainer.stream.JudgmentStreamConsumer;
import dev.groundwork.trainer.stream.PairBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The running judgment stream: a broker (the embedded one, unless {@code GW_KAFKA_BOOTSTRAP}
 * names an external cluster), the outbox relay and the trainer's consumer with its pair buffer.
 */
public final class Pipeline implements AutoCloseable {

    final Optional<KafkaBroker> broker;
    final KafkaConnection kafka;
    final OutboxRelay relay;
    final PairBuffer buffer;
    final JudgmentStreamConsumer consumer;

    private Pipeline(Optional<KafkaBroker> broker, KafkaConnection kafka, OutboxRelay relay, PairBuffer buffer,
            JudgmentStreamConsumer consumer) {
        this.broker = broker;
        this.kafka = kafka;
        this.relay = relay;
        this.buffer = buffer;
        this.consumer = consumer;
    }

    /** The embedded broker in {@code kafkaDir}, or the external one from the environment. */
    public static Optional<KafkaBroker> broker(Path kafkaDir, int port, int controllerPort) {
        if (external().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(KafkaBroker.start(KafkaBroker.Config.of(kafkaDir, port, controllerPort)));
    }

    public static Optional<KafkaConnection> external() {
        String bootstrap = System.getenv("GW_KAFKA_BOOTSTRAP");
        if (bootstrap == null || bootstrap.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> client = new java.util.HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("GW_KAFKA_CLIENT_")) {
                // GW_KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL -> security.protocol=SASL_SSL
                client.put(k.substring("GW_KAFKA_CLIENT_".length()).toLowerCase().replace('_', '.'), v);
            }
        });
        short rf = Short.parseShort(Optional.ofNullable(System.getenv("GW_KAFKA_REPLICATION_FACTOR")).orElse("3"));
        return Optional.of(new KafkaConnection(bootstrap, client, rf));
    }

    public static Pipeline start(Optional<KafkaBroker> broker, DataSource dataSource, String pairBufferUrl, String relayId,
            JudgmentStreamConsumer.Listener listener) {
        KafkaConnection kafka = broker.map(b -> KafkaConnection.local(b.bootstrapServers()))
                .orElseGet(() -> external().orElseThrow(() -> new IllegalStateException("no Kafka configured")));
        kafka.ensureTopics();
        OutboxRelay relay = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults(relayId), Clock.systemUTC(),
                OutboxRelay.Faults.NONE);
        PairBuffer buffer = PairBuffer.open(pairBufferUrl);
        JudgmentStreamConsumer consumer = new JudgmentStreamConsumer(kafka, buffer,
                JudgmentStreamConsumer.Settings.defaults("groundwork-trainer"), JudgmentStreamConsumer.Faults.NONE, listener);
        relay.start();
        consumer.start();
        return new Pipeline(broker, kafka, relay, buffer, consumer);
    }

    public KafkaConnection kafka() { return kafka; }
    public OutboxRelay relay() { return relay; }
    public PairBuffer buffer() { return buffer; }

    @Override
    public void close() {
        consumer.stop();
        relay.stop();
        buffer.close();
        broker.ifPresent(KafkaBroker::close);
    }
}
