package dev.groundwork.web.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The history of job fires ({@code job_run}): one row per fire, then its outcome. */
@Repository
public class JobRuns {

    /** Where a run stands. RUNNING and WAITING are open; the others are final. */
    public enum Status {
        /** Being dispatched by the scheduler. */
        RUNNING,
        /** Sent to a service, waiting for its answer. */
        WAITING,
        SUCCEEDED,
        /** The service had nothing to do (e.g. too few new pairs for a round). */
        NO_WORK,
        FAILED,
        CANCELLED;

        public boolean open() {
            return this == RUNNING || this == WAITING;
        }
    }

    /** One fire of a job and what came of it. */
    public record Run(long id, String jobName, JobKind kind, Status status, String fireId, Optional<Instant> scheduledFor,
            String startedBy, Instant startedAt, Optional<Instant> finishedAt, String instanceId, Optional<String> requestId,
            Optional<String> progress, Optional<String> logExcerpt, Optional<String> criticJobKey,
            Optional<String> trainingRunId, Optional<String> checkpointUri) {}

    static final int MAX_EXCERPT = 4000;
    private static final String COLUMNS = "id, job_name, kind, status, fire_id, scheduled_for, started_by, started_at,"
            + " finished_at, instance_id, request_id, progress, log_excerpt, critic_job_key, training_run_id, checkpoint_uri";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JobRuns(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /**
     * Records the start of a fire.
     *
     * @return the run's id, or empty when this fire was recorded already
     */
    Optional<Long> start(String jobName, JobKind kind, String fireId, Instant scheduledFor, String startedBy,
            String instanceId) {
        try {
            jdbc.update("insert into job_run (job_name, kind, status, fire_id, scheduled_for, started_by, started_at,"
                    + " instance_id) values (?, ?, ?, ?, ?, ?, ?, ?)", jobName, kind.name(), Status.RUNNING.name(), fireId,
                    scheduledFor == null ? null : Timestamp.from(scheduledFor), startedBy, Timestamp.from(clock.instant()),
                    instanceId);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForObject("select id from job_run where fire_id = ?", Long.class, fireId));
    }

    /** The run was handed to a service under {@code requestId}. */
    void waiting(long id, String requestId, String progress) {
        jdbc.update("update job_run set status = ?, request_id = ?, progress = ? where id = ? and status = ?",
                Status.WAITING.name(), requestId, cut(progress, 500), id, Status.RUNNING.name());
    }

    /** The run started a critic job. */
    void criticJob(long id, String key, String progress) {
        jdbc.update("update job_run set critic_job_key = ?, progress = ? where id = ?", key, cut(progress, 500), id);
    }

    /** Ends an open run; a run already ended keeps its outcome. */
    boolean finish(long id, Status status, String excerpt) {
        return jdbc.update("update job_run set status = ?, finished_at = ?, log_excerpt = ? where id = ? and status in (?, ?)",
                status.name(), Timestamp.from(clock.instant()), cut(excerpt, MAX_EXCERPT), id, Status.RUNNING.name(),
                Status.WAITING.name()) == 1;
    }

    /**
     * Applies a service's answer to the run waiting under {@code requestId}.
     *
     * @return whether a waiting run took it (a repeated answer, or one for a cancelled run, changes nothing)
     */
    boolean answered(String requestId, Status status, String trainingRunId, String checkpointUri, String excerpt) {
        return jdbc.update("update job_run set status = ?, finished_at = ?, training_run_id = ?, checkpoint_uri = ?,"
                + " log_excerpt = ? where request_id = ? and status = ?", status.name(), Timestamp.from(clock.instant()),
                trainingRunId, checkpointUri, cut(excerpt, MAX_EXCERPT), requestId, Status.WAITING.name()) == 1;
    }

    public Optional<Run> find(long id) {
        return jdbc.query("select " + COLUMNS + " from job_run where id = ?", JobRuns::row, id).stream().findFirst();
    }

    public Optional<Run> byRequest(String requestId) {
        return jdbc.query("select " + COLUMNS + " from job_run where request_id = ?", JobRuns::row, requestId).stream()
                .findFirst();
    }

    /** The latest runs of one job, newest first. */
    public List<Run> of(String jobName, int limit) {
        return jdbc.query("select " + COLUMNS + " from job_run where job_name = ? order by started_at desc, id desc"
                + " fetch first " + limit + " rows only", JobRuns::row, jobName);
    }

    /** The latest runs of every job, newest first. */
    /** Each job's newest run, by job name. */
    public Map<String, Run> lastOfEachJob() {
        Map<String, Run> out = new HashMap<>();
        for (Run r : jdbc.query("select " + COLUMNS + " from job_run where id in (select max(id) from job_run group by job_name)",
                JobRuns::row)) {
            out.put(r.jobName(), r);
        }
        return out;
    }

    public List<Run> recent(int limit) {
        return jdbc.query("select " + COLUMNS + " from job_run order by started_at desc, id desc fetch first " + limit
                + " rows only", JobRuns::row);
    }

    private static Run row(ResultSet rs, int i) throws SQLException {
        return new Run(rs.getLong(1), rs.getString(2), JobKind.valueOf(rs.getString(3)), Status.valueOf(rs.getString(4)),
                rs.getString(5), instant(rs.getTimestamp(6)), rs.getString(7), rs.getTimestamp(8).toInstant(),
                instant(rs.getTimestamp(9)), rs.getString(10), Optional.ofNullable(rs.getString(11)),
                Optional.ofNullable(rs.getString(12)), Optional.ofNullable(rs.getString(13)),
                Optional.ofNullable(rs.getString(14)), Optional.ofNullable(rs.getString(15)),
                Optional.ofNullable(rs.getString(16)));
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
