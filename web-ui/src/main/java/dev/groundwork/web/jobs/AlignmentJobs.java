package dev.groundwork.web.jobs;

import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.storage.audit.AuditTrail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.stereotype.Service;

/**
 * Scheduled alignment jobs on Quartz's clustered JDBC job store (the workbench database): define, run now, cancel,
 * remove, and read their history. Every change is audited.
 *
 * <p>Misfire policy: a cron fire missed while no workbench instance was running (for longer than
 * {@code org.quartz.jobStore.misfireThreshold}) runs once as soon as an instance starts, then the schedule goes on
 * ({@link CronScheduleBuilder#withMisfireHandlingInstructionFireAndProceed()}); several missed fires still run once.
 * With several instances on one database each fire runs on exactly one of them.
 */
@Service
public class AlignmentJobs {

    /** Quartz group of every alignment job and its schedule trigger. */
    public static final String GROUP = "alignment";
    static final String KIND = "kind";
    private static final String PARAMETER = "param.";

    private final Scheduler scheduler;
    private final JobRuns runs;
    private final Policies policies;
    private final CriticJobs criticJobs;
    private final AuditTrail audit;

    public AlignmentJobs(Scheduler scheduler, JobRuns runs, Policies policies, CriticJobs criticJobs, AuditTrail audit) {
        this.policies = policies;
        this.scheduler = scheduler;
        this.runs = runs;
        this.criticJobs = criticJobs;
        this.audit = audit;
    }

    /** A defined job with its next scheduled fire. */
    public record Scheduled(JobDefinition definition, Optional<Instant> nextFire, Optional<JobRuns.Run> lastRun) {}

    /** Creates or replaces a job and its schedule. */
    public void define(JobDefinition definition, String by) {
        JobKey key = JobKey.jobKey(definition.name(), GROUP);
        JobDataMap data = new JobDataMap();
        data.put(KIND, definition.kind().name());
        definition.parameters().forEach((k, v) -> data.put(PARAMETER + k, v));
        JobDetail job = JobBuilder.newJob(AlignmentJob.class).withIdentity(key).storeDurably()
                .withDescription(definition.kind() + " " + definition.parameters()).usingJobData(data).build();
        boolean existed;
        try {
            existed = scheduler.checkExists(key);
            TriggerKey triggerKey = scheduleKey(definition.name());
            if (definition.cron().isPresent()) {
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(key)
                        .withSchedule(CronScheduleBuilder.cronSchedule(definition.cron().get())
                                .inTimeZone(TimeZone.getTimeZone("UTC"))
                                .withMisfireHandlingInstructionFireAndProceed())
                        .build();
                scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
            } else {
                scheduler.addJob(job, true);
                scheduler.unscheduleJob(triggerKey);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot store job '" + definition.name() + "': " + e.getMessage(), e);
        }
        audit.record(by, existed ? "job.edit" : "job.schedule", "job " + definition.name(), definition.kind() + " "
                + definition.parameters() + definition.cron().map(c -> " at '" + c + "' UTC").orElse(" (run now only)"));
    }

    /**
     * Fires a job now, on whichever instance takes it first.
     *
     * @throws IllegalArgumentException when there is no such job
     */
    public void runNow(String name, String by) {
        runNow(name, by, Optional.empty());
    }

    /**
     * Fires a job now, handing it a checkpoint (a training job runs the job named in its {@code then} with the
     * checkpoint it trained).
     *
     * @throws IllegalArgumentException when there is no such job
     */
    public void runNow(String name, String by, Optional<String> checkpoint) {
        JobKey key = JobKey.jobKey(name, GROUP);
        try {
            if (!scheduler.checkExists(key)) {
                throw new IllegalArgumentException("there is no job '" + name + "'");
            }
            JobDataMap data = new JobDataMap(Map.of(JobDispatcher.STARTED_BY, by));
            checkpoint.ifPresent(c -> data.put(JobDispatcher.HANDED_CHECKPOINT, c));
            // Audited before the fire, so that the request comes first in the log and the run's own entries
            // (job.request, …), which a scheduler thread writes as soon as it fires, come after it.
            audit.record(by, "job.run", "job " + name, checkpoint.map(c -> "run now with checkpoint " + c).orElse("run now"));
            scheduler.triggerJob(key, data);
        } catch (SchedulerException e) {
            audit.record(by, "job.run.failed", "job " + name, e.getMessage());
            throw new IllegalStateException("cannot run job '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * Cancels an open run: a critic batch cancels its critic job (requests not yet judged are skipped); a training
     * round stops waiting, and the trainer's later answer is not applied (a round that already started is not
     * interrupted: the trainer service has no cancel command yet).
     *
     * @return false when the run had ended already
     */
    public boolean cancel(long runId, String by) {
        JobRuns.Run run = runs.find(runId).orElseThrow(() -> new IllegalArgumentException("there is no job run " + runId));
        run.criticJobKey().ifPresent(key -> criticJobs.cancel(key, by));
        boolean cancelled = runs.finish(runId, JobRuns.Status.CANCELLED, "cancelled by " + by);
        if (cancelled) {
            // A cancelled evaluation decides nothing: its pending decision ends, and the next evaluation may run.
            run.requestId().ifPresent(r -> policies.decide(r, Policies.Status.FAILED, "cancelled by " + by, null, null));
            audit.record(by, "job.cancel", "job " + run.jobName(), "run " + runId);
        }
        return cancelled;
    }

    /** Removes a job and its schedule; its history stays. */
    public boolean remove(String name, String by) {
        boolean removed;
        try {
            removed = scheduler.deleteJob(JobKey.jobKey(name, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot remove job '" + name + "': " + e.getMessage(), e);
        }
        if (removed) {
            audit.record(by, "job.remove", "job " + name, "removed");
        }
        return removed;
    }

    /** The job called {@code name}, if defined. */
    public Optional<Scheduled> find(String name) {
        try {
            return scheduled(JobKey.jobKey(name, GROUP), runs.of(name, 1).stream().findFirst());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the job '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Every defined job, by name, with its last run (one query for all of them). */
    public List<Scheduled> all() {
        try {
            Map<String, JobRuns.Run> last = runs.lastOfEachJob();
            List<Scheduled> out = new ArrayList<>();
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                scheduled(key, Optional.ofNullable(last.get(key.getName()))).ifPresent(out::add);
            }
            out.sort(Comparator.comparing(s -> s.definition().name()));
            return out;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the scheduled jobs: " + e.getMessage(), e);
        }
    }

    private Optional<Scheduled> scheduled(JobKey key, Optional<JobRuns.Run> lastRun) throws SchedulerException {
        JobDetail detail = scheduler.getJobDetail(key);
        if (detail == null) {
            return Optional.empty();
        }
        Trigger trigger = scheduler.getTrigger(scheduleKey(key.getName()));
        Optional<String> cron = trigger instanceof CronTrigger c ? Optional.of(c.getCronExpression()) : Optional.empty();
        JobKind kind = JobKind.valueOf(detail.getJobDataMap().getString(KIND));
        JobDefinition definition = new JobDefinition(key.getName(), kind, cron, parameters(detail.getJobDataMap()));
        Optional<Instant> next = Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(d -> d.toInstant());
        return Optional.of(new Scheduled(definition, next, lastRun));
    }

    static Map<String, String> parameters(JobDataMap data) {
        Map<String, String> out = new HashMap<>();
        for (String k : data.getKeys()) {
            if (k.startsWith(PARAMETER)) {
                out.put(k.substring(PARAMETER.length()), data.getString(k));
            }
        }
        return out;
    }

    private static TriggerKey scheduleKey(String name) {
        return TriggerKey.triggerKey(name + ".schedule", GROUP);
    }
}
