package dev.groundwork.web.jobs;

import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainRoundRequested;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.outbox.OutboxEvent;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one fire of a job: records it in {@link JobRuns} (once per fire), then sends the work where it is done. A
 * critic batch writes its critic job and requests (outbox → the critic service); a training round writes a
 * {@link TrainRoundRequested} command to the outbox in the same transaction that marks the run WAITING, so the
 * command is published exactly when the run says it was sent. The trainer service's answer ends the run
 * ({@link CommandAnswers}). Nothing is trained or judged in this JVM.
 */
@Service
public class JobDispatcher {

    /** Who a scheduled (not run-now) fire is recorded as started by. */
    public static final String SCHEDULE = "schedule";
    static final String STARTED_BY = "startedBy";

    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

    private final JobRuns runs;
    private final CriticJobs criticJobs;
    private final AuditTrail audit;
    private final EntityManager em;
    private final TransactionTemplate tx;
    private final Clock clock;

    public JobDispatcher(JobRuns runs, CriticJobs criticJobs, AuditTrail audit, EntityManager em,
            PlatformTransactionManager txManager, Clock clock) {
        this.runs = runs;
        this.criticJobs = criticJobs;
        this.audit = audit;
        this.em = em;
        this.tx = new TransactionTemplate(txManager);
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

    private static String instanceId(JobExecutionContext context) {
        try {
            return context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "unknown";
        }
    }
}
