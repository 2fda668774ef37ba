package dev.groundwork.critic.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.ops.Meters;
import dev.groundwork.critic.StreamFixture;
import dev.groundwork.critic.TestWorkbench;
import dev.groundwork.critic.claims.ClaimChecker;
import dev.groundwork.critic.judge.Critic;
import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.judge.CriticIdentity;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.storage.image.ImageStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Critic workers against a real Kafka broker (own JVM) and the workbench's database: jobs are created as outbox
 * events, published by the relay, shared by two workers in one consumer group, and every request ends in exactly one
 * outcome.
 */
@SpringBootTest(classes = TestWorkbench.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriticWorkersIT {

    @Autowired ApplicationContext ctx;
    @Autowired JdbcTemplate jdbc;
    @Autowired CriticJobs jobs;
    @Autowired ImageStore images;

    StreamFixture stream;
    KafkaConnection kafka;
    final List<CriticWorker> workers = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    void startBrokerAndRelay(@TempDir Path dir) throws Exception {
        Metrics.globalRegistry.add(meters);
        stream = StreamFixture.start(ctx, dir, "critic-it");
        kafka = stream.kafka;
        StreamFixture.importWorld(ctx, dir, "critic-world", 30, 21);
    }

    @AfterAll
    void stopAll() {
        workers.forEach(CriticWorker::close);
        stream.close();
        Metrics.globalRegistry.remove(meters);
    }

    private long timed(String outcome) {
        Timer timer = meters.find(Meters.CRITIC_LATENCY).tags("critic", "claims", "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private double count(String name, String tag, String value) {
        Counter counter = meters.find(name).tags(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void twoWorkersShareAJobAndEveryRequestIsJudgedExactlyOnce() throws Exception {
        CriticWorker first = worker("w1", new LocalCritics(Map.of()));
        CriticWorker second = worker("w2", new LocalCritics(Map.of()));
        awaitGroupMembers(2);
        long timedBefore = timed("judged");
        CriticJobs.Job job = jobs.create("critic-world", "claims", null, "test");
        CriticJobs.Progress done = awaitDone(job.key());
        // Each request's judging is timed; both workers poll, and have nothing left behind.
        assertThat(timed("judged") - timedBefore).isEqualTo(job.requested());
        assertThat(first.polledWithin(Duration.ofSeconds(30))).isTrue();
        assertThat(second.polledWithin(Duration.ofSeconds(30))).isTrue();
        assertThat(first.lag() + second.lag()).isZero();

        assertThat(done.judged()).isEqualTo(job.requested());
        assertThat(done.deadLettered()).isZero();
        assertThat(done.job().status()).isEqualTo(CriticJobs.Status.SUCCEEDED);
        assertThat(done.consistencyRate()).isEqualTo(1.0);
        String keys = "critic:" + job.key() + ":%";
        assertThat(jdbc.queryForObject("select count(*) from judgment where idempotency_key like ?", Integer.class, keys))
                .isEqualTo(job.requested());
        assertThat(jdbc.queryForObject("select count(distinct comparison_id) from judgment where idempotency_key like ?",
                Integer.class, keys)).isEqualTo(job.requested());
        assertThat(jdbc.queryForObject("select count(*) from outbox_event where event_type = 'JudgmentRecorded'"
                + " and payload like ?", Integer.class, "%" + job.key() + "%")).isEqualTo(job.requested());
        assertThat(jdbc.queryForList("select distinct worker from critic_request where job_id = ?", String.class,
                done.job().id())).containsExactlyInAnyOrder("w1", "w2");
        assertThat(jdbc.queryForObject("select count(*) from judgment where idempotency_key like ? and judge_id = ?",
                Integer.class, keys, new ClaimChecker().identity().judgeId())).isEqualTo(job.requested());
        // The claim checker prefers the faithful answer of every world comparison (first vs rest: A is faithful).
        Integer faithful = jdbc.queryForObject("""
                select count(*) from judgment j join comparison c on c.id = j.comparison_id
                  join response r on r.id = (case when j.verdict = 'A' then c.response_a_id else c.response_b_id end)
                 where j.idempotency_key like ? and r.hallucination_type is null and j.verdict in ('A', 'B')""",
                Integer.class, keys);
        System.out.printf("critic workers: %d requests, w1 %d, w2 %d; the faithful answer preferred in %d%n",
                job.requested(), first.handled(), second.handled(), faithful);
        assertThat(faithful).isEqualTo(job.requested());
        stop(first, second);
    }

    @Test
    void failuresAreDeadLetteredWithTheirReasonAndTheJobStillFinishes() throws Exception {
        CriticWorker w = worker("w3", (critic, settings) -> new FailingOnCaptions());
        double errorsBefore = count(Meters.CRITIC_ERRORS, "reason", "TIMEOUT");
        double deadBefore = count(Meters.DEAD_LETTERS, "reason", "TIMEOUT");
        long failedBefore = timed("failed");
        CriticJobs.Job job = jobs.create("critic-world", "claims", null, "test");
        CriticJobs.Progress done = awaitDone(job.key());
        assertThat(count(Meters.CRITIC_ERRORS, "reason", "TIMEOUT") - errorsBefore).isEqualTo(done.deadLettered());
        assertThat(count(Meters.DEAD_LETTERS, "reason", "TIMEOUT") - deadBefore).isEqualTo(done.deadLettered());
        assertThat(timed("failed") - failedBefore).isEqualTo(done.deadLettered());
        assertThat(done.deadLettered()).isPositive();
        assertThat(done.judged() + done.deadLettered()).isEqualTo(job.requested());
        assertThat(done.reasons()).containsOnlyKeys("TIMEOUT");
        assertThat(done.job().status()).isEqualTo(CriticJobs.Status.SUCCEEDED);

        Map<String, String> reasons = deadLetterReasons(job.key(), done.deadLettered());
        assertThat(reasons).hasSize(done.deadLettered());
        assertThat(reasons.values()).allSatisfy(r -> assertThat(r).startsWith("TIMEOUT: no answer within 120000 ms"));
        stop(w);
    }

    @Test
    void aCancelledJobSkipsWhatIsLeftAndEndsCancelled() throws Exception {
        CriticJobs.Job job = jobs.create("critic-world", "claims", null, "test");
        assertThat(jobs.cancel(job.key(), "test")).isTrue();
        CriticWorker w = worker("w4", new LocalCritics(Map.of()));
        CriticJobs.Progress done = awaitDone(job.key());
        assertThat(done.skipped()).isEqualTo(job.requested());
        assertThat(done.job().status()).isEqualTo(CriticJobs.Status.CANCELLED);
        assertThat(jobs.cancel(job.key(), "test")).isFalse();
        stop(w);
    }

    /** Times out on every caption pair, as a slow server would after its retries. */
    static final class FailingOnCaptions implements Critic {
        final ClaimChecker checker = new ClaimChecker();

        @Override
        public CriticIdentity identity() {
            return checker.identity();
        }

        @Override
        public CriticVerdict judge(CriticPair pair) {
            if (pair.prompt().equals("Describe the image.")) {
                throw new CriticException(CriticException.Reason.TIMEOUT, "no answer within 120000 ms (after 4 attempts)");
            }
            return checker.judge(pair);
        }
    }

    CriticWorker worker(String id, CriticFactory factory) {
        CriticWorker w = new CriticWorker(kafka, jobs, new RequestJudge(factory, RequestJudge.from(images)),
                new CriticWorker.Settings(id, 4, Duration.ofMillis(200), Duration.ofMinutes(2), Duration.ofSeconds(1)));
        workers.add(w);
        w.start();
        return w;
    }

    void stop(CriticWorker... stopped) {
        for (CriticWorker w : stopped) {
            w.close();
            workers.remove(w);
        }
    }

    CriticJobs.Progress awaitDone(String key) throws InterruptedException {
        await(() -> jobs.progress(key).orElseThrow().done(), Duration.ofMinutes(2), "critic job " + key + " to finish");
        return jobs.progress(key).orElseThrow();
    }

    void awaitGroupMembers(int members) throws InterruptedException {
        try (Admin admin = kafka.admin()) {
            await(() -> {
                try {
                    var group = admin.describeConsumerGroups(List.of(CriticWorker.GROUP)).all().get().get(CriticWorker.GROUP);
                    return group.groupState() == GroupState.STABLE && group.members().size() == members
                            && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(60), members + " workers in the group");
        }
    }

    /** comparison id → reason header of this job's dead letters. */
    Map<String, String> deadLetterReasons(String jobKey, int expected) throws InterruptedException {
        Map<String, Object> p = kafka.base();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.DEAD_LETTER));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains(jobKey)) {
                        reasons.put(r.key(), new String(r.headers().lastHeader(Topics.HEADER_REASON).value(),
                                StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return reasons;
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        StreamFixture.await(condition, timeout, what);
    }
}
