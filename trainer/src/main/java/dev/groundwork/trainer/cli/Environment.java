package dev.groundwork.trainer.cli;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.trainer.run.KafkaTrainingEvents;
import dev.groundwork.trainer.run.TrainingEventSink;
import dev.groundwork.trainer.service.TrainerService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;

/** The trainer's view of its environment: data directory, Kafka. See docs/configuration.md. */
final class Environment {

    private Environment() {}

    /** {@code GW_DATA_DIR} (system property or environment), else {@code ./data}. */
    static Path dataDir() {
        String configured = System.getProperty("GW_DATA_DIR", System.getenv("GW_DATA_DIR"));
        return Path.of(configured == null || configured.isBlank() ? "data" : configured).toAbsolutePath();
    }

    /** The trainer's own directory (pair buffer, image cache): {@code GW_TRAINER_DIR}, else {@code <data>/trainer}. */
    static Path trainerDir() {
        String configured = System.getenv("GW_TRAINER_DIR");
        return configured == null || configured.isBlank() ? dataDir().resolve("trainer") : Path.of(configured).toAbsolutePath();
    }

    /**
     * The pair buffer's JDBC URL: {@code GW_TRAINER_BUFFER_URL} (the database that every trainer service instance of
     * one consumer group shares, e.g. {@code jdbc:h2:tcp://buffer.internal:9092/pairs}), else the embedded file in
     * {@code trainerDir}.
     */
    static String bufferUrl(Path trainerDir) {
        String configured = System.getenv("GW_TRAINER_BUFFER_URL");
        return configured == null || configured.isBlank() ? TrainerService.embeddedBuffer(trainerDir) : configured.trim();
    }

    /**
     * Kafka from {@code --kafka} ({@code none}: no Kafka), else {@code GW_KAFKA_BOOTSTRAP}, else a broker answering on
     * 127.0.0.1:{@code GW_KAFKA_PORT} (9092).
     */
    static Optional<KafkaConnection> kafka(Optional<String> bootstrap) {
        if (bootstrap.filter("none"::equals).isPresent()) {
            return Optional.empty();
        }
        if (bootstrap.isPresent()) {
            return Optional.of(KafkaConnection.local(bootstrap.get()));
        }
        Optional<KafkaConnection> configured = KafkaConnection.fromEnvironment();
        if (configured.isPresent()) {
            return configured;
        }
        int port = Integer.parseInt(Optional.ofNullable(System.getenv("GW_KAFKA_PORT")).orElse("9092"));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return Optional.of(KafkaConnection.local("127.0.0.1:" + port));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Where training events go: {@code --kafka none} nowhere, else the Kafka that {@link #kafka} finds (its topics
     * created), else nowhere; says which on {@code out}.
     */
    static TrainingEventSink trainingEvents(String kafka, PrintWriter out) {
        if ("none".equals(kafka)) {
            out.println("training events: not published (--kafka none)");
            return TrainingEventSink.NONE;
        }
        Optional<KafkaConnection> connection = Environment.kafka(Optional.ofNullable(kafka));
        if (connection.isEmpty()) {
            out.println("training events: not published (no Kafka configured and none on this machine; ./gw up starts one)");
            return TrainingEventSink.NONE;
        }
        try {
            connection.get().ensureTopics();
            out.println("training events: publishing to groundwork.training-events.v1 at " + connection.get().bootstrapServers());
            return new KafkaTrainingEvents(connection.get());
        } catch (RuntimeException e) {
            out.println("training events: not published (" + e.getMessage() + ")");
            return TrainingEventSink.NONE;
        }
    }
}
