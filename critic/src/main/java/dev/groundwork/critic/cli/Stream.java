package dev.groundwork.critic.cli;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.deploy.kafka.KafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The critic's connection to the judgment stream, and an outbox relay of its own (relays with different ids share the
 * outbox safely), so that job requests and critic judgments are published whether or not the workbench runs. The
 * broker is {@code GW_KAFKA_BOOTSTRAP}; else the workbench's embedded one on {@code localhost:GW_KAFKA_PORT} (9092)
 * when it is up; else this process starts the embedded broker in {@code GW_DATA_DIR/kafka} itself.
 */
final class Stream implements AutoCloseable {

    final KafkaConnection kafka;
    private final Optional<KafkaBroker> broker;
    private final OutboxRelay relay;

    private Stream(KafkaConnection kafka, Optional<KafkaBroker> broker, OutboxRelay relay) {
        this.kafka = kafka;
        this.broker = broker;
        this.relay = relay;
    }

    static Stream open(DataSource dataSource, PrintWriter out) {
        Optional<KafkaConnection> external = KafkaConnection.fromEnvironment();
        Optional<KafkaBroker> broker = Optional.empty();
        KafkaConnection kafka;
        int port = Integer.parseInt(Optional.ofNullable(System.getenv("GW_KAFKA_PORT")).orElse("9092"));
        if (external.isPresent()) {
            kafka = external.get();
        } else if (listening(port)) {
            kafka = KafkaConnection.local("localhost:" + port);
        } else {
            Path dir = Path.of(Optional.ofNullable(System.getenv("GW_DATA_DIR")).orElse("data")).resolve("kafka");
            out.println("starting the embedded Kafka broker on port " + port + " (" + dir + ") ...");
            out.flush();
            broker = Optional.of(KafkaBroker.start(KafkaBroker.Config.of(dir, port, KafkaBroker.freePort())));
            kafka = KafkaConnection.local(broker.get().bootstrapServers());
        }
        kafka.ensureTopics();
        OutboxRelay relay = new OutboxRelay(dataSource, kafka,
                OutboxRelay.Settings.defaults("critic-" + UUID.randomUUID().toString().substring(0, 8)),
                Clock.systemUTC(), OutboxRelay.Faults.NONE);
        relay.start();
        return new Stream(kafka, broker, relay);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        relay.stop();
        broker.ifPresent(KafkaBroker::close);
    }
}
