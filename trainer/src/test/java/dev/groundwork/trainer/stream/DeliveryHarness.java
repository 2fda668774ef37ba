package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.judgment.RecordedJudgment;
import dev.groundwork.annotation.simulate.JudgmentSimulator;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.context.ApplicationContext;

/** Seeds a world with comparisons and annotators, submits judgments, and reads topics back. */
final class DeliveryHarness {

    private final ApplicationContext ctx;

    DeliveryHarness(ApplicationContext ctx) {
        this.ctx = ctx;
    }

    /** Imports a world, creates comparisons and assignments, and returns exactly {@code n} judgment commands. */
    List<RecordJudgment> seed(String dataset, int scenes, int n, Path dir) {
        prepare(dataset, scenes, dir);
        JudgmentSimulator sim = ctx.getBean(JudgmentSimulator.class);
        List<RecordJudgment> all = new ArrayList<>(sim.humans(dataset, 0.85, 5));
        all.addAll(sim.critic(dataset, "critic-sim", 0.9, 5));
        assertThat(all).as("enough judgments in a %d-scene world", scenes).hasSizeGreaterThanOrEqualTo(n);
        return List.copyOf(all.subList(0, n));
    }

    /**
     * Imports a world, creates its comparisons and assigns every comparison to each of {@link #annotators}.
     *
     * @return the comparison ids, ascending
     */
    List<Long> prepare(String dataset, int scenes, Path dir) {
        try {
            World.generate(WorldConfig.defaults(scenes, dataset.hashCode())).writeDataset(dir.resolve(dataset), dataset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.getBean(DatasetImporter.class).importDataset(dir.resolve(dataset), Optional.empty(), "test");
        ctx.getBean(ComparisonService.class).createForDataset(dataset, PairingMode.FIRST_VS_REST, 7, "test");
        AssignmentService assignments = ctx.getBean(AssignmentService.class);
        List<String> annotators = annotators(dataset);
        annotators.forEach(a -> assignments.ensureAnnotator(a, a, "annotator"));
        assignments.assign(dataset, annotators, 3, 11, "test");
        Dataset d = ctx.getBean(DatasetRepository.class).findByName(dataset).orElseThrow();
        return ctx.getBean(ComparisonRepository.class).findByDataset(d).stream().map(Comparison::getId).sorted().toList();
    }

    /** The three annotators {@link #prepare} registers for a dataset. */
    static List<String> annotators(String dataset) {
        return List.of(dataset + "-ann1", dataset + "-ann2", dataset + "-ann3");
    }

    /**
     * Records the commands from {@code threads} threads, calling {@code progress} with the count
     * after each; returns judgment ids.
     */
    Set<Long> submit(List<RecordJudgment> commands, int threads, IntConsumer progress) throws InterruptedException {
        JudgmentService service = ctx.getBean(JudgmentService.class);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < commands.size()) {
                    RecordedJudgment r = service.record(commands.get(i));
                    ids.add(r.judgmentId());
                    progress.accept(done.incrementAndGet());
                }
            });
            w.setUncaughtExceptionHandler((th, e) -> {
                synchronized (errors) {
                    errors.add(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        assertThat(errors).isEmpty();
        return ids;
    }

    /** Starts {@link #submit} on a thread of its own, for tests that break things while judgments flow. */
    Thread submitInBackground(List<RecordJudgment> commands, int threads) {
        Thread submitter = new Thread(() -> {
            try {
                submit(commands, threads, n -> {});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "judgment-submitter");
        submitter.start();
        return submitter;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Every committed record of a topic, from the start to the current end. */
    static List<ConsumerRecord<String, byte[]>> readAll(KafkaConnection kafka, String topic) {
        Map<String, Object> p = new HashMap<>(kafka.base());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
