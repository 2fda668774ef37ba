package dev.groundwork.annotation.criticjob;

import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.judgment.ComparisonSnapshot;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.judgment.RecordedJudgment;
import dev.groundwork.storage.audit.AuditLog;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.ImageGroundTruth;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.image.Image;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.outbox.OutboxEvent;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Critic jobs over a dataset. Creating a job writes the job and one {@link CriticRequested} outbox event per
 * comparison in one transaction (the relay publishes them), so a job exists exactly when all its requests do. The
 * critic service reports each request's outcome exactly once: {@link #recordJudged} stores the judgment (through the
 * judgment service: outbox → Kafka → trainer) and the outcome in one transaction, {@link #recordDeadLettered} and
 * {@link #recordSkipped} the others; a repeated report (a redelivered request) changes nothing. The job finishes
 * when every request has an outcome.
 */
@Service
public class CriticJobs {

    /** A job's state. */
    public enum Status { RUNNING, SUCCEEDED, CANCELLED }

    /** What happened to one request. */
    public enum Outcome { JUDGED, DEAD_LETTERED, SKIPPED }

    /** A critic job as stored. */
    public record Job(long id, String key, String dataset, String critic, String settings, Status status, int requested,
            String createdBy, Instant createdAt, Instant finishedAt) {}

    /**
     * A job with its counts so far.
     *
     * @param consistent judged requests whose verdict survived the swap of the two answers
     * @param reasons dead-letter reasons (their first word) and how often each occurred
     */
    public record Progress(Job job, int judged, int deadLettered, int skipped, int consistent, long promptTokens,
            long completionTokens, Map<String, Integer> reasons) {

        public int decided() {
            return judged + deadLettered + skipped;
        }

        public boolean done() {
            return decided() >= job.requested();
        }

        /** Position-consistent share of the judged requests; NaN before the first. */
        public double consistencyRate() {
            return judged == 0 ? Double.NaN : consistent / (double) judged;
        }
    }

    private final DatasetRepository datasets;
    private final ComparisonRepository comparisons;
    private final ImageGroundTruth groundTruth;
    private final JudgmentService judgments;
    private final EntityManager em;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public CriticJobs(DatasetRepository datasets, ComparisonRepository comparisons, ImageGroundTruth groundTruth,
            JudgmentService judgments, EntityManager em, JdbcTemplate jdbc, PlatformTransactionManager txManager,
            Clock clock) {
        this.datasets = datasets;
        this.comparisons = comparisons;
        this.groundTruth = groundTruth;
        this.judgments = judgments;
        this.em = em;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    /**
     * Starts a job: one request per comparison of {@code datasetName}.
     *
     * @param critic one of {@link CriticRequested#CRITICS}
     * @param settings the critic's settings as JSON, or null
     * @throws DatasetNotFoundException when there is no such dataset
     * @throws IllegalArgumentException for an unknown critic or a dataset without comparisons
     */
    public Job create(String datasetName, String critic, String settings, String createdBy) {
        if (!CriticRequested.CRITICS.contains(critic)) {
            throw new IllegalArgumentException("unknown critic '" + critic + "'; known: " + CriticRequested.CRITICS);
        }
        return tx.execute(status -> {
            Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
            List<Comparison> all = comparisons.findWithContent(comparisons.findByDataset(dataset).stream()
                    .map(Comparison::getId).toList());
            if (all.isEmpty()) {
                throw new IllegalArgumentException("dataset '" + datasetName + "' has no comparisons to judge");
            }
            String key = UUID.randomUUID().toString();
            Instant now = clock.instant();
            jdbc.update("insert into critic_job (job_key, dataset_id, critic, settings, status, requested, created_by, created_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)", key, dataset.getId(), critic, settings, Status.RUNNING.name(),
                    all.size(), createdBy, Timestamp.from(now));
            Map<Long, Manifest.GroundTruth> truths = groundTruth.of(all.stream().map(c -> c.getItem().getImage())
                    .distinct().toList());
            for (Comparison c : all) {
                ComparisonSnapshot s = ComparisonSnapshot.of(c);
                Image image = c.getItem().getImage();
                CriticRequested event = new CriticRequested(eventId(key, c.getId()), CriticRequested.TYPE,
                        CriticRequested.SCHEMA_VERSION, now, key, critic, settings, c.getId(), s.dataset(), s.itemId(),
                        s.prompt(), s.taskType(), s.image(), s.responseA(), s.responseB(), scene(truths.get(image.getId())));
                em.persist(new OutboxEvent(event.eventId(), event.type(), Topics.CRITIC_REQUESTS,
                        Long.toString(c.getId()), EventCodec.encodeToString(event), now));
            }
            em.persist(new AuditLog(now, createdBy, "critic.job.create", "dataset " + datasetName,
                    critic + " over " + all.size() + " comparisons (job " + key + ")"));
            return job(key).orElseThrow();
        });
    }

    /** The event's copy of a scene annotation (the event contract does not use storage's records). */
    static CriticRequested.Scene scene(Manifest.GroundTruth truth) {
        if (truth == null) {
            return null;
        }
        return new CriticRequested.Scene(
                truth.objects().stream().map(o -> new CriticRequested.SceneObject(o.id(), o.label(), o.colour(), o.size(),
                        o.box())).toList(),
                truth.relations().stream().map(r -> new CriticRequested.Relation(r.subject(), r.predicate(), r.object()))
                        .toList());
    }

    /** The request's event id: derived from job and comparison, so the same request always has the same id. */
    static String eventId(String jobKey, long comparisonId) {
        return UUID.nameUUIDFromBytes(("groundwork:critic:" + jobKey + ":" + comparisonId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Optional<Job> job(String key) {
        return jdbc.query("""
                select j.id, j.job_key, d.name, j.critic, j.settings, j.status, j.requested, j.created_by, j.created_at,
                       j.finished_at
                  from critic_job j join dataset d on d.id = j.dataset_id where j.job_key = ?""",
                (rs, i) -> new Job(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Status.valueOf(rs.getString(6)), rs.getInt(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()), key)
                .stream().findFirst();
    }

    public Optional<Progress> progress(String key) {
        return job(key).map(this::progress);
    }

    /** The newest jobs first, with their progress. */
    public List<Progress> recent(int limit) {
        List<String> keys = jdbc.queryForList("select job_key from critic_job order by id desc fetch first " + limit
                + " rows only", String.class);
        return keys.stream().flatMap(k -> progress(k).stream()).toList();
    }

    private Progress progress(Job job) {
        int[] counts = new int[4];
        long[] tokens = new long[2];
        Map<String, Integer> reasons = new LinkedHashMap<>();
        jdbc.query("select outcome, consistent, prompt_tokens, completion_tokens, reason from critic_request where job_id = ?",
                rs -> {
                    Outcome outcome = Outcome.valueOf(rs.getString(1));
                    counts[outcome.ordinal()]++;
                    if (outcome == Outcome.JUDGED && rs.getBoolean(2)) {
                        counts[3]++;
                    }
                    tokens[0] += rs.getLong(3);
                    tokens[1] += rs.getLong(4);
                    if (outcome == Outcome.DEAD_LETTERED && rs.getString(5) != null) {
                        reasons.merge(rs.getString(5).split("[: ]", 2)[0], 1, Integer::sum);
                    }
                }, job.id());
        if (job.status() == Status.RUNNING && counts[0] + counts[1] + counts[2] >= job.requested()) {
            // Finished by outcomes recorded before the finishing check existed, or by a worker that died between them.
            markSucceeded(job);
            job = job(job.key()).orElseThrow();
        }
        return new Progress(job, counts[0], counts[1], counts[2], counts[3], tokens[0], tokens[1], reasons);
    }

    /** Cancels a running job: requests not yet judged are skipped. false when it has already finished. */
    public boolean cancel(String key, String by) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int changed = jdbc.update("update critic_job set status = ?, finished_at = ? where job_key = ? and status = ?",
                    Status.CANCELLED.name(), Timestamp.from(clock.instant()), key, Status.RUNNING.name());
            if (changed == 1) {
                em.persist(new AuditLog(clock.instant(), by, "critic.job.cancel", "critic job " + key, "cancelled"));
            }
            return changed == 1;
        }));
    }

    /**
     * Records a judged request: the critic's judgment and the request's outcome together. A request reported twice
     * keeps its first outcome and judgment.
     *
     * @throws IllegalArgumentException for an unknown job
     */
    public Outcome recordJudged(String key, long comparisonId, RecordJudgment judgment, boolean consistent,
            long promptTokens, long completionTokens, String worker) {
        return finishingIfDone(key, () -> tx.execute(status -> {
            Job job = job(key).orElseThrow(() -> new IllegalArgumentException("no critic job " + key));
            Optional<Outcome> earlier = outcome(job.id(), comparisonId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            RecordedJudgment recorded = judgments.record(judgment);
            insert(job, comparisonId, Outcome.JUDGED, recorded.judgmentId(), consistent, null, promptTokens,
                    completionTokens, worker);
            return Outcome.JUDGED;
        }));
    }

    /** Records a request that went to the dead-letter topic, with its reason. */
    public Outcome recordDeadLettered(String key, long comparisonId, String reason, String worker) {
        return recordOther(key, comparisonId, Outcome.DEAD_LETTERED, reason, worker);
    }

    /** Records a request skipped because its job was cancelled. */
    public Outcome recordSkipped(String key, long comparisonId, String worker) {
        return recordOther(key, comparisonId, Outcome.SKIPPED, "job cancelled", worker);
    }

    private Outcome recordOther(String key, long comparisonId, Outcome outcome, String reason, String worker) {
        return finishingIfDone(key, () -> tx.execute(status -> {
            Job job = job(key).orElseThrow(() -> new IllegalArgumentException("no critic job " + key));
            Optional<Outcome> earlier = outcome(job.id(), comparisonId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            String shortReason = reason.length() > 2000 ? reason.substring(0, 1999) + "…" : reason;
            insert(job, comparisonId, outcome, null, null, shortReason, 0, 0, worker);
            return outcome;
        }));
    }

    /**
     * Runs {@code record}, then, after its commit, marks the job SUCCEEDED when every request has an outcome. The check
     * runs after the commit because two workers recording the last two outcomes at once each count only their own
     * uncommitted row; after both commits at least one of them sees them all.
     */
    private Outcome finishingIfDone(String key, java.util.function.Supplier<Outcome> record) {
        Outcome outcome = record.get();
        tx.executeWithoutResult(status -> job(key).ifPresent(job -> {
            Integer decided = jdbc.queryForObject("select count(*) from critic_request where job_id = ?", Integer.class,
                    job.id());
            if (decided != null && decided >= job.requested()) {
                markSucceeded(job);
            }
        }));
        return outcome;
    }

    /**
     * Readies a dead-lettered request to be judged again, for a replay of it: deletes its DEAD_LETTERED outcome (a
     * worker skips a request that has one) and puts a job that had finished with it back to RUNNING. A request without
     * an outcome (dead-lettered before one was recorded) needs nothing. Joins the caller's transaction, so the replay and
     * this commit together.
     *
     * @return whether an outcome was deleted
     * @throws IllegalArgumentException for an unknown job
     * @throws IllegalStateException when the job was cancelled or the request was judged or skipped (a replay would be
     *     skipped)
     */
    public boolean reopenDeadLettered(String key, long comparisonId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            Job job = job(key).orElseThrow(() -> new IllegalArgumentException("no critic job " + key
                    + " in this workbench's database"));
            if (job.status() == Status.CANCELLED) {
                throw new IllegalStateException("critic job " + key + " was cancelled: a replayed request would be skipped");
            }
            Optional<Outcome> earlier = outcome(job.id(), comparisonId);
            if (earlier.isEmpty()) {
                return false;
            }
            if (earlier.get() != Outcome.DEAD_LETTERED) {
                throw new IllegalStateException("comparison " + comparisonId + " of critic job " + key + " is already "
                        + earlier.get() + ": a replayed request would be skipped");
            }
            jdbc.update("delete from critic_request where job_id = ? and comparison_id = ? and outcome = ?", job.id(),
                    comparisonId, Outcome.DEAD_LETTERED.name());
            jdbc.update("update critic_job set status = ?, finished_at = null where id = ? and status = ?",
                    Status.RUNNING.name(), job.id(), Status.SUCCEEDED.name());
            return true;
        }));
    }

    /** RUNNING → SUCCEEDED; a cancelled or already finished job stays as it is. */
    private void markSucceeded(Job job) {
        jdbc.update("update critic_job set status = ?, finished_at = ? where id = ? and status = ?",
                Status.SUCCEEDED.name(), Timestamp.from(clock.instant()), job.id(), Status.RUNNING.name());
    }

    private Optional<Outcome> outcome(long jobId, long comparisonId) {
        return jdbc.queryForList("select outcome from critic_request where job_id = ? and comparison_id = ?", String.class,
                jobId, comparisonId).stream().findFirst().map(Outcome::valueOf);
    }

    private void insert(Job job, long comparisonId, Outcome outcome, Long judgmentId, Boolean consistent, String reason,
            long promptTokens, long completionTokens, String worker) {
        Instant now = clock.instant();
        jdbc.update("insert into critic_request (job_id, comparison_id, outcome, judgment_id, consistent, reason,"
                + " prompt_tokens, completion_tokens, worker, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                job.id(), comparisonId, outcome.name(), judgmentId, consistent, reason, promptTokens, completionTokens,
                worker, Timestamp.from(now));
    }
}
