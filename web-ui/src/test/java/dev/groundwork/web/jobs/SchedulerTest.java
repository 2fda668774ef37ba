package dev.groundwork.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.groundwork.annotation.event.EvaluateAnswered;
import dev.groundwork.annotation.event.OnPolicyRoundAnswered;
import dev.groundwork.annotation.event.TrainRoundAnswered;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scheduler on the workbench database, as people run it: a job sent to the trainer service through the outbox
 * and ended by its answer; a fire missed while the workbench was down runs once at the next start; two instances on
 * one database run each fire once.
 */
class SchedulerTest {

    @TempDir Path tmp;

    private static JdbcTemplate jdbc(ConfigurableApplicationContext c) {
        return c.getBean(JdbcTemplate.class);
    }

    private static JobDefinition training(String name, Optional<String> cron) {
        return new JobDefinition(name, JobKind.TRAINING, cron, Map.of("objective", "dpo", "minPairs", "5"));
    }

    /** A Quartz cron expression that fires once, at {@code at} (UTC, whole seconds). */
    private static String onceAt(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return t.getSecond() + " " + t.getMinute() + " " + t.getHour() + " " + t.getDayOfMonth() + " " + t.getMonthValue()
                + " ? " + t.getYear();
    }

    @Test
    void a_training_job_run_now_sends_one_command_through_the_outbox_and_the_answer_ends_it() {
        try (var c = JobsContext.start("jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", tmp.resolve("img"))) {
            AlignmentJobs jobs = c.getBean(AlignmentJobs.class);
            JobRuns runs = c.getBean(JobRuns.class);
            jobs.define(training("nightly-dpo", Optional.of("0 0 2 * * ?")), "admin1");
            assertThat(jobs.find("nightly-dpo")).get().satisfies(s -> {
                assertThat(s.definition().cron()).contains("0 0 2 * * ?");
                assertThat(s.nextFire()).isPresent();
            });

            jobs.runNow("nightly-dpo", "admin1");

            JobRuns.Run run = await().atMost(Duration.ofSeconds(20)).until(() -> runs.of("nightly-dpo", 5),
                    l -> l.size() == 1 && l.get(0).status() == JobRuns.Status.WAITING).get(0);
            assertThat(run.startedBy()).isEqualTo("admin1");
            assertThat(run.kind()).isEqualTo(JobKind.TRAINING);
            String requestId = run.requestId().orElseThrow();
            List<String> commands = jdbc(c).queryForList("select payload from outbox_event where topic = ?", String.class,
                    "groundwork.commands.v1");
            assertThat(commands).singleElement().satisfies(p -> assertThat(p).contains("\"TrainRoundRequested\"")
                    .contains(requestId).contains("\"objective\":\"dpo\"").contains("\"minPairs\":5")
                    .contains("job:nightly-dpo"));

            CommandAnswers answers = c.getBean(CommandAnswers.class);
            TrainRoundAnswered trained = new TrainRoundAnswered(UUID.randomUUID().toString(), TrainRoundAnswered.TYPE, 1,
                    Instant.now(), requestId, "TRAINED", "run-7", "file:///ckpt/run-7/step-40", 42, null);
            assertThat(answers.apply(trained)).isTrue();
            assertThat(answers.apply(trained)).as("a repeated answer changes nothing").isFalse();

            JobRuns.Run done = runs.find(run.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(JobRuns.Status.SUCCEEDED);
            assertThat(done.trainingRunId()).contains("run-7");
            assertThat(done.checkpointUri()).contains("file:///ckpt/run-7/step-40");
            assertThat(done.logExcerpt()).get().asString().contains("42 pairs");
            assertThat(jdbc(c).queryForList("select action from audit_log where target = 'job nightly-dpo' order by id",
                    String.class)).containsExactly("job.schedule", "job.run", "job.request", "job.answer");
        }
    }

    @Test
    void an_on_policy_round_job_asks_the_critic_service_from_the_current_policy_and_its_answer_runs_the_next_job() {
        try (var c = JobsContext.start("jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", tmp.resolve("img"))) {
            AlignmentJobs jobs = c.getBean(AlignmentJobs.class);
            JobRuns runs = c.getBean(JobRuns.class);
            jobs.define(new JobDefinition("gate", JobKind.EVALUATION, Optional.empty(), Map.of()), "admin1");
            jobs.define(new JobDefinition("weekly-onpolicy", JobKind.ON_POLICY_ROUND, Optional.of("0 0 3 ? * MON"),
                    Map.of("dataset", "demo-world", "k", "3", "rounds", "2", "prompts", "8", "then", "gate")), "admin1");
            jobs.runNow("weekly-onpolicy", "admin1");

            JobRuns.Run run = waiting(runs, "weekly-onpolicy", 1);
            assertThat(run.kind()).isEqualTo(JobKind.ON_POLICY_ROUND);
            String requestId = run.requestId().orElseThrow();
            List<Map<String, Object>> commands = jdbc(c).queryForList(
                    "select message_key, payload from outbox_event where topic = ?", "groundwork.commands.v1");
            assertThat(commands).singleElement().satisfies(row -> {
                assertThat(row.get("MESSAGE_KEY")).isEqualTo("critic");
                assertThat((String) row.get("PAYLOAD")).contains("\"OnPolicyRoundRequested\"").contains(requestId)
                        .contains("\"dataset\":\"demo-world\"").contains("\"k\":3").contains("\"rounds\":2")
                        .contains("\"prompts\":8").contains("\"critic\":\"claims\"").contains("job:weekly-onpolicy");
            });

            CommandAnswers answers = c.getBean(CommandAnswers.class);
            OnPolicyRoundAnswered trained = new OnPolicyRoundAnswered(UUID.randomUUID().toString(),
                    OnPolicyRoundAnswered.TYPE, 1, Instant.now(), requestId, "TRAINED", "file:///ckpt/onpolicy/round-2", 2, 9,
                    "critic-job-key", null);
            assertThat(answers.apply(trained)).isTrue();
            assertThat(answers.apply(trained)).as("a repeated answer changes nothing").isFalse();
            JobRuns.Run done = runs.find(run.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(JobRuns.Status.SUCCEEDED);
            assertThat(done.checkpointUri()).contains("file:///ckpt/onpolicy/round-2");
            assertThat(done.criticJobKey()).contains("critic-job-key");
            assertThat(done.logExcerpt()).get().asString().contains("2 on-policy round(s) trained on 9 best-vs-worst pairs");
            // The evaluation named in then runs with the new checkpoint.
            JobRuns.Run gate = waiting(runs, "gate", 1);
            assertThat(gate.startedBy()).isEqualTo("job:weekly-onpolicy");
            assertThat(jdbc(c).queryForList("select payload from outbox_event where topic = ? and payload like ?",
                    String.class, "groundwork.commands.v1", "%EvaluateRequested%")).singleElement()
                    .satisfies(p -> assertThat(p).contains("file:///ckpt/onpolicy/round-2"));
            assertThat(jdbc(c).queryForList("select action from audit_log where target = 'job weekly-onpolicy' order by id",
                    String.class)).containsExactly("job.schedule", "job.run", "job.request", "job.answer");
        }
    }

    /** A checkpoint the trainer service reported, as the training-events consumer stores it. */
    private static String reportedCheckpoint(ConfigurableApplicationContext c, String runKey, String objective, String uri) {
        JdbcTemplate j = jdbc(c);
        j.update("insert into training_run (objective, status, config, seed, created_by, started_at, run_key) values"
                + " (?, 'SUCCEEDED', '{}', 7, 'trainer', ?, ?)", objective, java.sql.Timestamp.from(Instant.now()), runKey);
        Long run = j.queryForObject("select id from training_run where run_key = ?", Long.class, runKey);
        j.update("insert into checkpoint (run_id, step, path, provenance, created_at) values (?, 10, ?, '{}', ?)", run, uri,
                java.sql.Timestamp.from(Instant.now()));
        return uri;
    }

    private static JobRuns.Run waiting(JobRuns runs, String job, int expected) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> runs.of(job, 50),
                l -> l.size() == expected && l.get(0).status() == JobRuns.Status.WAITING).get(0);
    }

    private static String lastCommand(ConfigurableApplicationContext c) {
        return jdbc(c).queryForObject("select payload from outbox_event where topic = 'groundwork.commands.v1' order by id desc"
                + " fetch first 1 rows only", String.class);
    }

    private static EvaluateAnswered evaluated(String requestId, List<EvaluateAnswered.MetricDelta> deltas) {
        return new EvaluateAnswered(UUID.randomUUID().toString(), EvaluateAnswered.TYPE, 1, Instant.now(), requestId, "EVALUATED",
                "evaluation:" + requestId, "file:///artifacts/evaluations/" + requestId + "/report.html", deltas, null);
    }

    @Test
    void an_evaluation_job_promotes_the_first_policy_then_refuses_a_candidate_that_could_be_worse_and_audits_both() {
        try (var c = JobsContext.start("jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", tmp.resolve("img"))) {
            AlignmentJobs jobs = c.getBean(AlignmentJobs.class);
            JobRuns runs = c.getBean(JobRuns.class);
            Policies policies = c.getBean(Policies.class);
            CommandAnswers answers = c.getBean(CommandAnswers.class);
            jobs.define(new JobDefinition("gate", JobKind.EVALUATION, Optional.empty(), Map.of("margin", "0.02")), "admin1");

            jobs.runNow("gate", "admin1");
            JobRuns.Run none = await().atMost(Duration.ofSeconds(20)).until(() -> runs.of("gate", 5),
                    l -> l.size() == 1 && !l.get(0).status().open()).get(0);
            assertThat(none.status()).isEqualTo(JobRuns.Status.NO_WORK);
            assertThat(none.logExcerpt()).get().asString().contains("no policy checkpoint");

            reportedCheckpoint(c, "rm-1", "reward", "file:///artifacts/runs/rm/round-1/");
            String first = reportedCheckpoint(c, "dpo-1", "dpo", "file:///artifacts/runs/demo-dpo/round-1/");
            jobs.runNow("gate", "admin1");
            JobRuns.Run run1 = waiting(runs, "gate", 2);
            assertThat(lastCommand(c)).contains("\"EvaluateRequested\"", run1.requestId().orElseThrow(), "\"label\":\"candidate\"",
                    first, "\"worldScenes\":300", "\"heldOut\":30", "job:gate").doesNotContain("\"current\"", "round-1/\"},{");
            assertThat(answers.apply(evaluated(run1.requestId().get(), List.of()))).isTrue();
            assertThat(answers.apply(evaluated(run1.requestId().get(), List.of()))).as("a repeated answer").isFalse();
            assertThat(policies.current()).contains(first);
            assertThat(runs.find(run1.id()).orElseThrow().logExcerpt()).get().asString().contains("promoted as the first policy");

            jobs.runNow("gate", "admin1");
            JobRuns.Run again = await().atMost(Duration.ofSeconds(20)).until(() -> runs.of("gate", 5),
                    l -> l.size() == 3 && !l.get(0).status().open()).get(0);
            assertThat(again.logExcerpt()).get().asString().contains("is the current policy already");

            String second = reportedCheckpoint(c, "dpo-2", "dpo", "file:///artifacts/runs/demo-dpo/round-2/");
            jobs.runNow("gate", "admin1");
            JobRuns.Run run2 = waiting(runs, "gate", 4);
            // While it waits, another evaluation would compare against a policy about to change: it waits its turn.
            jobs.runNow("gate", "job:dpo", Optional.of("file:///artifacts/runs/other/round-9/"));
            JobRuns.Run held = await().atMost(Duration.ofSeconds(20)).until(() -> runs.of("gate", 50),
                    l -> l.size() == 5 && !l.get(0).status().open()).get(0);
            assertThat(held.status()).isEqualTo(JobRuns.Status.NO_WORK);
            assertThat(held.logExcerpt()).get().asString().contains("is still waiting for the trainer service");
            assertThat(lastCommand(c)).contains("\"label\":\"current\",\"uri\":\"" + first, "\"label\":\"candidate\",\"uri\":\""
                    + second);
            assertThat(answers.apply(evaluated(run2.requestId().orElseThrow(), List.of(new EvaluateAnswered.MetricDelta("chair_i",
                    "CHAIR_i", true, 0.2, 0.19, -0.01, -0.05, 0.03, 0.95))))).isTrue();
            assertThat(policies.current()).as("the candidate could be 0.03 worse, the margin is 0.02").contains(first);
            JobRuns.Run refused = runs.find(run2.id()).orElseThrow();
            assertThat(refused.status()).isEqualTo(JobRuns.Status.SUCCEEDED);
            assertThat(refused.logExcerpt()).get().asString().contains("kept the current policy", "CHAIR_i could be worse by up to"
                    + " 0.030", "report.html");
            assertThat(refused.trainingRunId()).contains("evaluation:" + run2.requestId().get());
            assertThat(policies.recent(5)).extracting(Policies.Decision::status)
                    .containsExactly(Policies.Status.REFUSED, Policies.Status.PROMOTED);

            jobs.runNow("gate", "admin1");
            JobRuns.Run gated = await().atMost(Duration.ofSeconds(20)).until(() -> runs.of("gate", 50),
                    l -> l.size() == 6 && !l.get(0).status().open()).get(0);
            assertThat(gated.logExcerpt()).get().asString().contains("was evaluated already");

            // A cancelled evaluation decides nothing and holds nothing back.
            String third = reportedCheckpoint(c, "dpo-3", "dpo", "file:///artifacts/runs/demo-dpo/round-3/");
            jobs.runNow("gate", "admin1");
            JobRuns.Run run3 = waiting(runs, "gate", 7);
            assertThat(jobs.cancel(run3.id(), "admin1")).isTrue();
            assertThat(policies.recent(1).get(0).status()).isEqualTo(Policies.Status.FAILED);
            assertThat(answers.apply(evaluated(run3.requestId().orElseThrow(), List.of()))).as("a late answer").isFalse();
            jobs.define(new JobDefinition("gate", JobKind.EVALUATION, Optional.empty(), Map.of("checkpoint", third)), "admin1");
            jobs.runNow("gate", "admin1");
            assertThat(waiting(runs, "gate", 8).requestId()).isPresent();
            assertThat(policies.current()).contains(first);

            assertThat(jdbc(c).queryForList("select action || ' ' || target from audit_log where actor = 'promotion-gate' order by id",
                    String.class)).containsExactly("policy.promote policy " + first, "policy.refuse policy " + second);
        }
    }

    @Test
    void a_training_job_that_trained_runs_its_next_job_with_the_new_checkpoint_and_a_failed_evaluation_keeps_the_policy() {
        try (var c = JobsContext.start("jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", tmp.resolve("img"))) {
            AlignmentJobs jobs = c.getBean(AlignmentJobs.class);
            JobRuns runs = c.getBean(JobRuns.class);
            CommandAnswers answers = c.getBean(CommandAnswers.class);
            jobs.define(new JobDefinition("eval", JobKind.EVALUATION, Optional.empty(), Map.of()), "admin1");
            jobs.define(new JobDefinition("dpo", JobKind.TRAINING, Optional.empty(), Map.of("objective", "dpo", "minPairs", "5",
                    "then", "eval")), "admin1");
            jobs.runNow("dpo", "admin1");
            JobRuns.Run round = waiting(runs, "dpo", 1);
            String trained = "file:///artifacts/runs/demo-dpo/round-1/";
            assertThat(answers.apply(new TrainRoundAnswered(UUID.randomUUID().toString(), TrainRoundAnswered.TYPE, 1, Instant.now(),
                    round.requestId().orElseThrow(), "TRAINED", "run-1", trained, 12, null))).isTrue();

            JobRuns.Run evaluation = waiting(runs, "eval", 1);
            assertThat(evaluation.startedBy()).isEqualTo("job:dpo");
            assertThat(lastCommand(c)).contains("\"EvaluateRequested\"", trained, "\"requestedBy\":\"job:eval\"");
            assertThat(answers.apply(new EvaluateAnswered(UUID.randomUUID().toString(), EvaluateAnswered.TYPE, 1, Instant.now(),
                    evaluation.requestId().orElseThrow(), "FAILED", null, null, List.of(), "runs/demo-dpo/round-1 is a reward model")))
                    .isTrue();
            JobRuns.Run failed = runs.find(evaluation.id()).orElseThrow();
            assertThat(failed.status()).isEqualTo(JobRuns.Status.FAILED);
            assertThat(failed.logExcerpt()).get().asString().contains("the current policy stays", "is a reward model");
            assertThat(c.getBean(Policies.class).current()).isEmpty();
            assertThat(jobs.all()).extracting(s -> s.definition().name() + ":" + s.lastRun().map(r -> r.status().name()).orElse("-"))
                    .containsExactly("dpo:SUCCEEDED", "eval:FAILED");
        }
    }

    @Test
    void a_cancelled_run_ignores_the_late_answer_and_a_critic_batch_on_an_unknown_dataset_fails_with_the_reason() {
        try (var c = JobsContext.start("jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", tmp.resolve("img"))) {
            AlignmentJobs jobs = c.getBean(AlignmentJobs.class);
            JobRuns runs = c.getBean(JobRuns.class);
            jobs.define(training("round", Optional.empty()), "admin1");
            jobs.runNow("round", "admin1");
            JobRuns.Run run = await().atMost(Duration.ofSeconds(20)).until(() -> runs.of("round", 5),
                    l -> l.size() == 1 && l.get(0).status() == JobRuns.Status.WAITING).get(0);
            assertThat(jobs.cancel(run.id(), "admin1")).isTrue();
            assertThat(jobs.cancel(run.id(), "admin1")).isFalse();
            assertThat(c.getBean(CommandAnswers.class).apply(new TrainRoundAnswered(UUID.randomUUID().toString(),
                    TrainRoundAnswered.TYPE, 1, Instant.now(), run.requestId().orElseThrow(), "NO_NEW_PAIRS", null, null, 0,
                    "3 new pairs, 5 needed"))).isFalse();
            assertThat(runs.find(run.id()).orElseThrow().status()).isEqualTo(JobRuns.Status.CANCELLED);

            jobs.define(new JobDefinition("judge", JobKind.CRITIC_BATCH, Optional.empty(), Map.of("dataset", "nowhere")),
                    "admin1");
            jobs.runNow("judge", "admin1");
            JobRuns.Run failed = await().atMost(Duration.ofSeconds(20)).until(() -> runs.of("judge", 5),
                    l -> l.size() == 1 && !l.get(0).status().open()).get(0);
            assertThat(failed.status()).isEqualTo(JobRuns.Status.FAILED);
            assertThat(failed.logExcerpt()).get().asString().contains("nowhere");
        }
    }

    @Test
    void a_fire_missed_while_the_workbench_was_down_runs_once_when_it_starts_again() throws InterruptedException {
        String url = "jdbc:h2:file:" + tmp.resolve("db").resolve("gw");
        Instant fireAt;
        try (var first = JobsContext.start(url, tmp.resolve("img"))) {
            fireAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            first.getBean(AlignmentJobs.class).define(training("at-once", Optional.of(onceAt(fireAt))), "admin1");
        }
        // Down over the fire time, and by more than the misfire threshold (1 s in these tests).
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), fireAt).toMillis()) + 3000);

        try (var second = JobsContext.start(url, tmp.resolve("img"))) {
            JobRuns runs = second.getBean(JobRuns.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> runs.of("at-once", 5).size() == 1);
            Thread.sleep(3000);
            List<JobRuns.Run> all = runs.of("at-once", 5);
            assertThat(all).as("the missed fire runs once, not again").hasSize(1);
            assertThat(all.get(0).startedBy()).isEqualTo(JobDispatcher.SCHEDULE);
            assertThat(all.get(0).startedAt()).isAfter(fireAt.plusSeconds(2));
        }
    }

    @Test
    void two_instances_on_one_database_run_every_fire_exactly_once() throws Exception {
        twoInstancesRunEachFireOnce("jdbc:h2:mem:jobs-two-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", tmp.resolve("img"));
    }

    /** Two instances on {@code url} share a job due every second for 8 s: every fire runs, and runs once. */
    static void twoInstancesRunEachFireOnce(String url, Path images, String... overrides) throws Exception {
        try (var a = JobsContext.start(url, images, overrides); var b = JobsContext.start(url, images, overrides)) {
            assertThat(a.getBean(org.quartz.Scheduler.class).getMetaData().getSchedulerInstanceId())
                    .isNotEqualTo(b.getBean(org.quartz.Scheduler.class).getMetaData().getSchedulerInstanceId());
            a.getBean(AlignmentJobs.class).define(training("every-second", Optional.of("* * * * * ?")), "admin1");
            Thread.sleep(8000);
            b.getBean(AlignmentJobs.class).remove("every-second", "admin1");
            Thread.sleep(1000);

            List<Map<String, Object>> fires = jdbc(a).queryForList(
                    "select scheduled_for, count(*) as n from job_run where job_name = 'every-second' group by scheduled_for");
            assertThat(fires.size()).as("fires in 8 s of a job due every second").isGreaterThanOrEqualTo(5);
            assertThat(fires).allSatisfy(f -> assertThat(((Number) f.get("n")).intValue()).as("runs of fire " + f).isOne());
            assertThat(jdbc(a).queryForObject("select count(*) from outbox_event where topic = 'groundwork.commands.v1'",
                    Long.class)).isEqualTo(fires.size());
        }
    }
}
