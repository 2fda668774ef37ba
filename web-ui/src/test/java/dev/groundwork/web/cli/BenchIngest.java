package dev.groundwork.web.cli;

import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.annotation.simulate.JudgmentSimulator;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.stream.JudgmentStreamConsumer;
import dev.groundwork.trainer.stream.PairBuffer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gw bench ingest} (run from the test classpath: it hosts the trainer's consumer, which the workbench's own
 * jar does not contain): judgments per second end to end (service call → outbox → relay →
 * broker → consumer → pair buffer), p50/p99 latency at a fixed offered load, and a raw Kafka
 * transactional producer baseline measured in the same run against the same broker.
 */
@Command(name = "gw bench ingest", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = GroundworkCli.Version.class,
        description = "Judgments/s from service call to the trainer's pair buffer, latency at a fixed load, "
                + "raw producer baseline.")
final class BenchIngest implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--judgments", defaultValue = "20000", paramLabel = "N",
            description = "judgments of the batched throughput run (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--single-judgments", defaultValue = "5000", paramLabel = "N",
            description = "judgments of the one-per-call throughput run (default: ${DEFAULT-VALUE})")
    int single;

    @Option(names = "--batch", defaultValue = "200", paramLabel = "B",
            description = "judgments per call of the batched run (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--warmup", defaultValue = "3000", paramLabel = "N",
            description = "untimed judgments first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--threads", defaultValue = "4", paramLabel = "T",
            description = "submitting threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--jdbc", paramLabel = "URL", description = "database URL (default: a fresh H2 file database)")
    String jdbc;

    @Option(names = "--jdbc-user", paramLabel = "USER",
            description = "database user (default: postgres with --jdbc, else sa)")
    String jdbcUser;

    @Option(names = "--rate", defaultValue = "1000,5000", split = ",", paramLabel = "R",
            description = "offered judgments/s of the latency runs, one run per rate (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(names = "--latency-seconds", defaultValue = "10", paramLabel = "S",
            description = "length of each latency run: rate x S judgments (default: ${DEFAULT-VALUE})")
    int latencySeconds;

    /** {@code ./gw bench ingest [--judgments N] ...}: the arguments after {@code bench ingest}. */
    public static void main(String[] args) {
        System.exit(GroundworkCli.commandLine(new BenchIngest(), System.out, System.err).execute(args));
    }

    @Override
    public Integer call() {
        run(spec.commandLine().getOut());
        return 0;
    }

    private void run(PrintWriter out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("gw-bench-ingest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> props = new ArrayList<>(List.of(
                "--groundwork.storage.image-root=" + dir.resolve("images"),
                "--spring.datasource.url=" + (jdbc != null ? jdbc : "jdbc:h2:file:" + dir.resolve("db/bench") + ";QUERY_CACHE_SIZE=128"),
                "--spring.datasource.username=" + (jdbcUser != null ? jdbcUser : jdbc != null ? "postgres" : "sa"),
                "--spring.datasource.hikari.maximum-pool-size=" + (threads + 4)));
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Config.of(dir.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort()));
                ConfigurableApplicationContext ctx = CliApplication.start(props.toArray(String[]::new))) {
            DataSource dataSource = ctx.getBean(DataSource.class);
            out.printf("bench ingest: %d cores, database %s%s, broker %s (own JVM)%n", Runtime.getRuntime().availableProcessors(),
                    DataCommands.describe(dataSource), dataSource instanceof com.zaxxer.hikari.HikariDataSource h
                            && !h.getDataSourceProperties().isEmpty() ? " " + h.getDataSourceProperties() : "",
                    broker.bootstrapServers());
            int latencyN = rates.stream().mapToInt(r -> r * latencySeconds).sum();
            List<RecordJudgment> all = seed(ctx, warmup + single + n + latencyN, dir, out);
            List<RecordJudgment> commands = all.subList(warmup, all.size());
            KafkaConnection kafka = KafkaConnection.local(broker.bootstrapServers());
            kafka.ensureTopics();

            Map<String, Long> offeredAt = new ConcurrentHashMap<>();
            List<Long> latenciesNanos = java.util.Collections.synchronizedList(new ArrayList<>());
            JudgmentService service = ctx.getBean(JudgmentService.class);
            // The trainer's consumer and pair buffer run in this JVM (in production they are the trainer service's).
            try (Pipeline pipeline = Pipeline.start(Optional.of(broker), ctx.getBean(DataSource.class), "bench");
                    PairBuffer buffer = PairBuffer.open("jdbc:h2:file:" + dir.resolve("pairs"));
                    JudgmentStreamConsumer consumer = new JudgmentStreamConsumer(kafka, buffer,
                            JudgmentStreamConsumer.Settings.defaults("groundwork-trainer"), JudgmentStreamConsumer.Faults.NONE, batch -> {
                        long now = System.nanoTime();
                        for (PairBuffer.Consumed c : batch) {
                            Long t = offeredAt.remove(c.event().idempotencyKey());
                            if (t != null) {
                                latenciesNanos.add(now - t);
                            }
                        }
                    })) {
                consumer.start();
                // 0. Warm-up (JIT, connection pool, comparison snapshots), not timed.
                submitAll(service, all.subList(0, warmup), threads, 1);
                awaitVotes(buffer, warmup, Duration.ofMinutes(10));
                out.printf("warm-up: %,d judgments (not timed)%n", warmup);

                // 1. Throughput, one judgment per service call (the browser's path), as fast as the service takes them.
                long start = System.nanoTime();
                double submitSeconds = submitAll(service, commands.subList(0, single), threads, 1);
                awaitVotes(buffer, warmup + single, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf("end to end, one judgment per call: %,d judgments in %.1f s = %,.0f judgments/s "
                        + "(service calls alone: %,.0f/s, %d threads)%n", single, seconds, single / seconds, single / submitSeconds, threads);

                // 2. Throughput, batched calls (recordAll: the critic's and bulk path).
                start = System.nanoTime();
                submitSeconds = submitAll(service, commands.subList(single, single + n), threads, batchSize);
                awaitVotes(buffer, warmup + single + n, Duration.ofMinutes(10));
                seconds = (System.nanoTime() - start) / 1e9;
                double e2e = n / seconds;
                out.printf("end to end, %d judgments per call: %,d judgments in %.1f s = %,.0f judgments/s "
                        + "(service calls alone: %,.0f judgments/s, %d threads)%n", batchSize, n, seconds, e2e, n / submitSeconds, threads);

                // 3. The raw producer baseline, with records the size of the real events, on the same broker, with the
                // relay's own producer settings and records per transaction.
                Integer size = new org.springframework.jdbc.core.JdbcTemplate(ctx.getBean(DataSource.class))
                        .queryForObject("select cast(avg(length(payload)) as integer) from outbox_event", Integer.class);
                byte[] sample = new byte[size == null ? 1200 : size];
                Arrays.fill(sample, (byte) 'x');
                OutboxRelay.Settings relay = pipeline.relay().settings();
                Map<String, Object> producer = OutboxRelay.producerSettings(relay);
                out.printf("producer settings (the relay's, used by both): batch.size %s bytes, linger.ms %s, %d records per transaction,"
                                + " acks %s, idempotence %s%n", producer.get(ProducerConfig.BATCH_SIZE_CONFIG),
                        producer.get(ProducerConfig.LINGER_MS_CONFIG), relay.batchSize(), producer.get(ProducerConfig.ACKS_CONFIG),
                        producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
                double raw = rawProducer(kafka, producer, relay.batchSize(), sample, 100_000);
                out.printf("raw Kafka transactional producer: %,.0f records/s (%d-byte records)%n", raw, sample.length);

                // 4. Latency at fixed offered loads.
                int from = single + n;
                Map<Integer, Double> p99 = new java.util.LinkedHashMap<>();
                for (int rate : rates) {
                    List<RecordJudgment> rest = commands.subList(from, from + rate * latencySeconds);
                    from += rest.size();
                    latenciesNanos.clear();
                    offer(service, rest, rate, threads, offeredAt);
                    awaitVotes(buffer, warmup + from, Duration.ofMinutes(10));
                    long[] ms = latencies(latenciesNanos, rest.size());
                    out.printf("latency at %,d judgments/s offered (%,d judgments, one per call, from its scheduled time to stored "
                                    + "in the pair buffer): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                            rate, ms.length, pct(ms, 0.50), pct(ms, 0.99), ms.length == 0 ? 0 : ms[ms.length - 1] / 1e6);
                    p99.put(rate, pct(ms, 0.99));
                }
                out.printf("ratio end-to-end / raw producer: %.3f%n", e2e / raw);
                boolean fast = e2e >= 10_000 || e2e / raw >= 0.30;
                Double p99At1000 = p99.get(1000);
                out.printf("goal (issue 14): batched >= 10,000/s or >= 30 %% of raw: %s; p99 <= 500 ms at 1,000/s offered: %s%n",
                        fast ? "met" : "NOT met",
                        p99At1000 == null ? "not measured" : p99At1000 <= 500 ? "met" : "NOT met");
                out.printf("duplicates skipped by the consumer: %d, dead letters: %d%n",
                        consumer.duplicatesSkipped(), consumer.deadLettered());
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    private static List<RecordJudgment> seed(ConfigurableApplicationContext ctx, int needed, Path dir, PrintWriter out) {
        long t0 = System.nanoTime();
        int scenes = 300;
        try {
            World.generate(WorldConfig.defaults(scenes, 17)).writeDataset(dir.resolve("world"), "bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.getBean(DatasetImporter.class).importDataset(dir.resolve("world"), Optional.empty(), "bench");
        ctx.getBean(ComparisonService.class).createForDataset("bench", PairingMode.FIRST_VS_REST, 1, "bench");
        AssignmentService assignments = ctx.getBean(AssignmentService.class);
        List<String> humans = List.of("bench-ann1", "bench-ann2", "bench-ann3");
        humans.forEach(h -> assignments.ensureAnnotator(h, h, "annotator"));
        assignments.assign("bench", humans, 3, 1, "bench");
        JudgmentSimulator sim = ctx.getBean(JudgmentSimulator.class);
        List<RecordJudgment> all = new ArrayList<>(sim.humans("bench", 0.85, 3));
        for (int critic = 1; all.size() < needed && critic <= 50; critic++) {
            all.addAll(sim.critic("bench", "critic-" + critic, 0.9, critic));
        }
        if (all.size() < needed) {
            throw new IllegalArgumentException("the bench world holds " + all.size() + " judgments, fewer than " + needed);
        }
        java.util.Collections.shuffle(all, new java.util.Random(5));
        out.printf("seeded %d scenes, %d judgments to submit (%.1f s)%n", scenes, needed, (System.nanoTime() - t0) / 1e9);
        return List.copyOf(all.subList(0, needed));
    }

    private static double rawProducer(KafkaConnection kafka, Map<String, Object> settings, int perTransaction, byte[] payload,
            int records) {
        try (var admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic("groundwork.bench.raw", 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the benchmark topic: " + e.getMessage(), e);
        }
        Map<String, Object> p = kafka.base();
        p.putAll(settings);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "groundwork-bench-raw");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            long start = System.nanoTime();
            for (int i = 0; i < records; i += perTransaction) {
                producer.beginTransaction();
                for (int j = i; j < Math.min(records, i + perTransaction); j++) {
                    producer.send(new ProducerRecord<>("groundwork.bench.raw", Integer.toString(j % 1000), payload));
                }
                producer.commitTransaction();
            }
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double submitAll(JudgmentService service, List<RecordJudgment> commands, int threads, int batch) {
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndAdd(batch)) < commands.size()) {
                    service.recordAll(commands.subList(i, Math.min(commands.size(), i + batch)));
                }
            });
        }
        shutdown(pool);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void offer(JudgmentService service, List<RecordJudgment> commands, int rate, int threads, Map<String, Long> offeredAt) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < commands.size(); i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            RecordJudgment c = commands.get(i);
            offeredAt.put(c.idempotencyKey(), due);
            pool.submit(() -> service.record(c));
        }
        shutdown(pool);
    }

    /** The latencies of a run, sorted, once all {@code expected} arrived (the consumer reports them after storing). */
    private static long[] latencies(List<Long> nanos, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            synchronized (nanos) {
                if (nanos.size() >= expected || System.nanoTime() > deadline) {
                    return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void awaitVotes(PairBuffer buffer, long votes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (buffer.votes() < votes) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + buffer.votes() + " of " + votes + " judgments arrived within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void shutdown(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("benchmark submitters did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp folder
        }
    }

}
