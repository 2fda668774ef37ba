package dev.groundwork.trainer.service;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.ops.Meters;
import dev.groundwork.annotation.ops.ServiceOps;
import dev.groundwork.trainer.follow.FollowRounds;
import dev.groundwork.trainer.image.ImageResolver;
import dev.groundwork.trainer.image.PairDeadLetters;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.run.CountedTrainingEvents;
import dev.groundwork.trainer.run.KafkaTrainingEvents;
import dev.groundwork.trainer.run.TrainingEventSink;
import dev.groundwork.trainer.stream.JudgmentStreamConsumer;
import dev.groundwork.trainer.stream.PairBuffer;
import io.micrometer.core.instrument.Tags;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The trainer service's parts, owned by one process: the lock on the pair buffer, the buffer itself, the
 * judgment-stream consumer that fills it, the image resolver with the dead-letter producer, the training-event
 * producer, and the {@link CommandChannel} on which a {@code gw train --from stream} asks it for a round. {@link #rounds} trains on what the consumer stored. Closing stops the consumer first, then the rest.
 */
public final class TrainerService implements AutoCloseable {

    /**
     * The consumer group of the trainer service. Instances of one group share one pair buffer (see {@link PairBuffer});
     * a second instance takes over the partitions of one that fails, and the {@link RoundLease} of one that trained.
     */
    public static final String GROUP = "groundwork-trainer";

    private final BufferLock lock;
    private final PairBuffer buffer;
    private final JudgmentStreamConsumer consumer;
    private final PairDeadLetters deadLetters;
    private final TrainingEventSink events;
    private final ResolverPairImages images;
    private final ArtifactStore store;
    private final KafkaConnection kafka;
    private final String group;
    private final Meters meters = new Meters();
    private CommandChannel commands;

    private TrainerService(BufferLock lock, PairBuffer buffer, JudgmentStreamConsumer consumer, PairDeadLetters deadLetters,
            TrainingEventSink events, ResolverPairImages images, ArtifactStore store, KafkaConnection kafka, String group) {
        this.kafka = kafka;
        this.group = group;
        this.lock = lock;
        this.buffer = buffer;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.events = events;
        this.images = images;
        this.store = store;
    }

    /** The pair buffer of a trainer service on its own: the embedded H2 file {@code <trainerDir>/pairs}. */
    public static String embeddedBuffer(Path trainerDir) {
        return "jdbc:h2:file:" + trainerDir.resolve("pairs");
    }

    /**
     * Opens the buffer at {@code bufferUrl} ({@link #embeddedBuffer} of the directory {@code lock} guards, or the
     * database every instance of the group shares) and starts consuming.
     */
    public static TrainerService start(BufferLock lock, String bufferUrl, KafkaConnection kafka, String group,
            ImageResolver resolver, ArtifactStore store) {
        Objects.requireNonNull(lock, "lock");
        kafka.ensureTopics();
        PairBuffer buffer = PairBuffer.open(bufferUrl);
        PairDeadLetters deadLetters = new PairDeadLetters(kafka);
        TrainingEventSink events = new CountedTrainingEvents(new KafkaTrainingEvents(kafka));
        JudgmentStreamConsumer consumer = new JudgmentStreamConsumer(kafka, buffer, JudgmentStreamConsumer.Settings.defaults(group),
                JudgmentStreamConsumer.Faults.NONE);
        consumer.start();
        return new TrainerService(lock, buffer, consumer, deadLetters, events, new ResolverPairImages(resolver, deadLetters), store,
                kafka, group);
    }

    public PairBuffer buffer() {
        return buffer;
    }

    /** The training-events producer: runs, metrics, checkpoints and evaluation reports. */
    public TrainingEventSink events() {
        return events;
    }

    public JudgmentStreamConsumer consumer() {
        return consumer;
    }

    /**
     * Requests for a round now from {@code gw train --from stream}, and their answers. The channel joins its group on
     * the first call: only the instance that trains (the {@link RoundLease} holder) may read requests, or one would
     * sit unanswered in a standby's queue.
     */
    public synchronized CommandChannel commands() {
        if (commands == null) {
            commands = new CommandChannel(kafka, group);
        }
        return commands;
    }

    /**
     * Reports on the operations port: the consumer's lag as a gauge, and readiness while the consumer runs and has
     * polled in the last minute (a broker that cannot be reached makes the service unready, not dead).
     */
    public void instrument(ServiceOps ops) {
        meters.gauge(Meters.CONSUMER_LAG, Tags.of("group", group, "topic", Topics.JUDGMENTS),
                "records the trainer's consumer is behind", consumer::lag);
        ops.readiness("judgment-consumer", () -> consumer.polledWithin(Duration.ofMinutes(1)));
    }

    /** Training rounds on this service's buffer. */
    public FollowRounds rounds(FollowRounds.Settings settings, Clock clock, PrintStream out) {
        return new FollowRounds(settings, buffer, consumer::caughtUp, images, store, events, clock, out);
    }

    /** Waits until the consumer has read everything committed to the judgments topic so far. */
    public boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (consumer.caughtUp()) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (commands != null) {
                commands.close();
            }
        }
        consumer.stop();
        meters.close();
        events.close();
        deadLetters.close();
        buffer.close();
        lock.close();
    }
}
