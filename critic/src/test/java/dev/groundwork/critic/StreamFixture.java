package dev.groundwork.critic;

import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;

/**
 * What the critic's integration tests share: a real Kafka broker (own JVM), an outbox relay on the test database, and
 * a synthetic world imported as a dataset with first-vs-rest comparisons.
 */
public final class StreamFixture implements AutoCloseable {

    public final KafkaBroker broker;
    public final KafkaConnection kafka;
    private final OutboxRelay relay;

    private StreamFixture(KafkaBroker broker, KafkaConnection kafka, OutboxRelay relay) {
        this.broker = broker;
        this.kafka = kafka;
        this.relay = relay;
    }

    public static StreamFixture start(ApplicationContext ctx, Path dir, String relayId) {
        KafkaBroker broker = KafkaBroker.start(KafkaBroker.Config.of(dir.resolve("kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort()));
        KafkaConnection kafka = KafkaConnection.local(broker.bootstrapServers());
        kafka.ensureTopics();
        OutboxRelay relay = new OutboxRelay(ctx.getBean(DataSource.class), kafka, OutboxRelay.Settings.defaults(relayId),
                Clock.systemUTC(), OutboxRelay.Faults.NONE);
        relay.start();
        return new StreamFixture(broker, kafka, relay);
    }

    /** Imports a world of {@code scenes} scenes as {@code name} and creates its first-vs-rest comparisons. */
    public static void importWorld(ApplicationContext ctx, Path dir, String name, int scenes, long seed) throws Exception {
        World.generate(WorldConfig.defaults(scenes, seed)).writeDataset(dir.resolve(name), name);
        ctx.getBean(DatasetImporter.class).importDataset(dir.resolve(name), Optional.empty(), "test");
        ctx.getBean(ComparisonService.class).createForDataset(name, PairingMode.FIRST_VS_REST, 1, "test");
    }

    public static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        relay.close();
        broker.close();
    }
}
