package dev.groundwork.web.jobs;

import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.EvaluateRequested;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.OnPolicyRoundRequested;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainRoundRequested;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.outbox.OutboxEvent;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one fire of a job: records it in {@link JobRuns} (once per fire), then sends the work where it is done. A
 * critic batch writes its critic job and requests (outbox → the critic service); a training round writes a
 * {@link TrainRoundRequested} command to the outbox in the same transaction that marks the run WAITING, so the
 * command is published exactly when the run says it was sent; an evaluation writes an {@link EvaluateRequested} and
 * the pending promotion decision ({@link Policies}) the same way. The trainer service's answer ends the run
 * ({@link CommandAnswers}). Nothing is trained, evaluated or judged in this JVM.
 */
@Service
public class JobDispatcher {

    /** Who a scheduled (not run-now) fire is recorded as started by. */
    public static final String SCHEDULE = "schedule";
    static final String STARTED_BY = "startedBy";
    /** The checkpoint a training job hands to the job it runs next. */
    static final String HANDED_CHECKPOINT = "handedCheckpoint";

    /** How long an unanswered evaluation holds back the next one; after that it is taken as lost. */
    static final java.time.Duration PENDING_AT_MOST = java.time.Duration.ofHours(6);

    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

    private final JobRuns runs;
    private final Policies policies;
    private final CriticJobs criticJobs;
    private final AuditTrail audit;
    private final EntityManager em;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JobDispatcher(JobRuns runs, Policies policies, CriticJobs criticJobs, AuditTrail audit, EntityManager em,
            PlatformTransactionManager txManager, DataSource dataSource, Clock clock) {
        this.runs = runs;
        this.policies = policies;
        this.criticJobs = criticJobs;
        this.audit = audit;
        this.em = em;
        this.tx = new TransactionTemplate(txManager);
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    void dispatch(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        Map<String, Object> data = context.getMergedJobDataMap().getWrappedMap();
        JobKind kind = JobKind.valueOf(String.valueOf(data.get(AlignmentJobs.KIND)));
        Map<String, String> parameters = AlignmentJobs.parameters(context.getJobDetail().getJobDataMap());
        String startedBy = String.valueOf(data.getOrDefault(STARTED_BY, SCHEDULE));
        Instant scheduledFor = context.getScheduledFireTime() == null ? null : context.getScheduledFireTime().toInstant();
        var id = runs.start(name, kind, context.getFireInstanceId(), scheduledFor, startedBy, instanceId(context));
        if (id.isEmpty()) {
            log.info("job {}: fire {} was recorded already", name, context.getFireInstanceId());
            return;
        }
        long run = id.get();
        try {
            switch (kind) {
                case CRITIC_BATCH -> {
                    var job = criticJobs.create(parameters.get("dataset"), parameters.get("critic"), parameters.get("settings"),
                            startedBy);
                    runs.criticJob(run, job.key(), job.requested() + " comparisons sent to the " + job.critic() + " critic");
                    runs.finish(run, JobRuns.Status.SUCCEEDED, "critic job " + job.key() + " over dataset "
                            + parameters.get("dataset") + ": " + job.requested() + " requests sent");
                }
                case TRAINING -> requestRound(run, name, parameters, startedBy);
                case ON_POLICY_ROUND -> requestOnPolicyRound(run, name, parameters, startedBy);
                case EVALUATION -> requestEvaluation(run, name, parameters,
                        Optional.ofNullable((String) data.get(HANDED_CHECKPOINT)), startedBy);
            }
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            runs.finish(run, JobRuns.Status.FAILED, reason);
            audit.record(startedBy, "job.fail", "job " + name, "run " + run + ": " + reason);
            log.warn("job {} run {} failed: {}", name, run, reason);
        }
    }

    private void requestRound(long run, String name, Map<String, String> parameters, String startedBy) {
        String requestId = UUID.randomUUID().toString();
        String objective = parameters.get("objective");
        int minPairs = Integer.parseInt(parameters.get("minPairs"));
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            TrainRoundRequested command = new TrainRoundRequested(UUID.randomUUID().toString(), TrainRoundRequested.TYPE,
                    TrainRoundRequested.SCHEMA_VERSION, now, requestId, objective, minPairs, "job:" + name);
            em.persist(new OutboxEvent(command.eventId(), command.type(), Topics.COMMANDS, CommandAnswers.TRAINER_KEY,
                    EventCodec.encodeToString(command), now));
            runs.waiting(run, requestId, "asked the trainer service for a " + objective + " round at " + minPairs
                    + " or more new pairs");
            audit.record(startedBy, "job.request", "job " + name, "run " + run + ": " + objective + " round at >= "
                    + minPairs + " new pairs (request " + requestId + ")");
        });
    }

    /**
     * Asks the critic service for on-policy rounds from the current policy (none: the service starts from the newest
     * SFT checkpoint, or trains one), in one transaction with the run's WAITING state, as {@link #requestRound} does.
     */
    private void requestOnPolicyRound(long run, String name, Map<String, String> parameters, String startedBy) {
        String requestId = UUID.randomUUID().toString();
        Optional<String> from = policies.current();
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            OnPolicyRoundRequested command = new OnPolicyRoundRequested(UUID.randomUUID().toString(),
                    OnPolicyRoundRequested.TYPE, OnPolicyRoundRequested.SCHEMA_VERSION, now, requestId,
                    parameters.get("dataset"), from.orElse(null), parameters.get("critic"), Integer.parseInt(parameters.get("k")),
                    Integer.parseInt(parameters.get("rounds")), Integer.parseInt(parameters.get("prompts")),
                    Integer.parseInt(parameters.get("steps")), Long.parseLong(parameters.get("seed")), "job:" + name);
            em.persist(new OutboxEvent(command.eventId(), command.type(), Topics.COMMANDS, CommandAnswers.CRITIC_KEY,
                    EventCodec.encodeToString(command), now));
            String what = command.rounds() + " on-policy round(s) of " + command.prompts() + " prompts of "
                    + command.dataset() + ", k " + command.k() + ", critic " + command.critic() + ", from "
                    + from.orElse("the newest SFT checkpoint");
            runs.waiting(run, requestId, "asked the critic service for " + what);
            audit.record(startedBy, "job.request", "job " + name, "run " + run + ": " + what + " (request " + requestId + ")");
        });
    }

    /**
     * Sends the candidate and the current policy to the trainer service for evaluation, recording the pending
     * decision, in one transaction with the command; ends the run NO_WORK when there is nothing new to judge.
     */
    private void requestEvaluation(long run, String name, Map<String, String> parameters, Optional<String> handed,
            String startedBy) {
        Optional<String> candidate = Optional.ofNullable(parameters.get("checkpoint")).or(() -> handed).or(this::newestPolicy);
        Optional<String> current = policies.current();
        if (candidate.isEmpty()) {
            runs.finish(run, JobRuns.Status.NO_WORK, "no policy checkpoint to evaluate yet (reward models are not policies)");
            return;
        }
        if (candidate.equals(current)) {
            runs.finish(run, JobRuns.Status.NO_WORK, candidate.get() + " is the current policy already");
            return;
        }
        if (parameters.get("checkpoint") == null && handed.isEmpty() && policies.gated(candidate.get())) {
            runs.finish(run, JobRuns.Status.NO_WORK, "the newest checkpoint " + candidate.get() + " was evaluated already");
            return;
        }
        // One evaluation at a time: a second one would compare against the policy as it was before the first decided.
        Optional<Policies.Decision> pending = policies.pendingSince(clock.instant().minus(PENDING_AT_MOST));
        if (pending.isPresent()) {
            runs.finish(run, JobRuns.Status.NO_WORK, "the evaluation of " + pending.get().candidateUri() + " (request "
                    + pending.get().requestId() + ") is still waiting for the trainer service; " + candidate.get()
                    + " waits for a later run, which takes the newest checkpoint");
            return;
        }
        double margin = Double.parseDouble(parameters.get("margin"));
        String requestId = UUID.randomUUID().toString();
        List<EvaluateRequested.Policy> checkpoints = new ArrayList<>();
        current.ifPresent(c -> checkpoints.add(new EvaluateRequested.Policy("current", c)));
        checkpoints.add(new EvaluateRequested.Policy("candidate", candidate.get()));
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            EvaluateRequested command = new EvaluateRequested(UUID.randomUUID().toString(), EvaluateRequested.TYPE,
                    EvaluateRequested.SCHEMA_VERSION, now, requestId, checkpoints, Integer.parseInt(parameters.get("worldScenes")),
                    Long.parseLong(parameters.get("worldSeed")), Integer.parseInt(parameters.get("heldOut")), "job:" + name);
            em.persist(new OutboxEvent(command.eventId(), command.type(), Topics.COMMANDS, CommandAnswers.TRAINER_KEY,
                    EventCodec.encodeToString(command), now));
            policies.pending(requestId, run, candidate.get(), current, margin);
            String what = current.map(c -> "candidate " + candidate.get() + " against the current policy " + c)
                    .orElse("candidate " + candidate.get() + " (no current policy yet)");
            runs.waiting(run, requestId, "asked the trainer service to evaluate " + what + "; margin " + margin);
            audit.record(startedBy, "job.request", "job " + name, "run " + run + ": evaluate " + what + " (request " + requestId
                    + ")");
        });
    }

    /** The newest checkpoint of a policy (not a reward model) the trainer service reported. */
    private Optional<String> newestPolicy() {
        return jdbc.query("select c.path from checkpoint c join training_run r on r.id = c.run_id where r.objective <> 'reward'"
                + " order by c.created_at desc, c.id desc fetch first 1 rows only",
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty());
    }

    private static String instanceId(JobExecutionContext context) {
        try {
            return context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "unknown";
        }
    }
}
