package dev.groundwork.web.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The promotion gate's decisions ({@code policy_decision}): a candidate checkpoint sent to evaluation against the
 * current policy, then PROMOTED, REFUSED or FAILED. The current policy is the candidate of the newest promotion.
 */
@Service
public class Policies {

    public enum Status { PENDING, PROMOTED, REFUSED, FAILED }

    /** One decision. */
    public record Decision(long id, String requestId, Optional<Long> jobRunId, String candidateUri, Optional<String> baselineUri,
            double margin, Status status, Optional<String> reason, Optional<String> evaluationKey, Optional<String> reportUri,
            Instant requestedAt, Optional<Instant> decidedAt) {}

    private static final String COLUMNS = "id, request_id, job_run_id, candidate_uri, baseline_uri, margin, status, reason,"
            + " evaluation_key, report_uri, requested_at, decided_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Policies(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** The checkpoint that answers new prompts: the newest promoted one. */
    public Optional<String> current() {
        return jdbc.query("select candidate_uri from policy_decision where status = 'PROMOTED' order by decided_at desc, id desc",
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty());
    }

    /** Whether this checkpoint was sent to the gate before (whatever came of it). */
    boolean gated(String candidateUri) {
        Integer n = jdbc.queryForObject("select count(*) from policy_decision where candidate_uri = ? and status <> 'FAILED'",
                Integer.class, candidateUri);
        return n != null && n > 0;
    }

    void pending(String requestId, long jobRunId, String candidateUri, Optional<String> baselineUri, double margin) {
        jdbc.update("insert into policy_decision (request_id, job_run_id, candidate_uri, baseline_uri, margin, status,"
                + " requested_at) values (?, ?, ?, ?, ?, 'PENDING', ?)", requestId, jobRunId, candidateUri, baselineUri.orElse(null),
                margin, Timestamp.from(clock.instant()));
    }

    /**
     * The newest decision still waiting for the trainer service, asked for at or after {@code since} (older ones are
     * taken as lost: the service never answered).
     */
    Optional<Decision> pendingSince(Instant since) {
        return jdbc.query("select " + COLUMNS + " from policy_decision where status = 'PENDING' and requested_at >= ?"
                + " order by requested_at desc, id desc fetch first 1 rows only", (rs, n) -> row(rs), Timestamp.from(since))
                .stream().findFirst();
    }

    /** The decision waiting for this request's answer. */
    Optional<Decision> pendingFor(String requestId) {
        return jdbc.query("select " + COLUMNS + " from policy_decision where request_id = ? and status = 'PENDING'",
                (rs, n) -> row(rs), requestId).stream().findFirst();
    }

    /** Decides a pending request; false when it was decided already (a repeated answer). */
    boolean decide(String requestId, Status status, String reason, String evaluationKey, String reportUri) {
        return jdbc.update("update policy_decision set status = ?, reason = ?, evaluation_key = ?, report_uri = ?, decided_at = ?"
                + " where request_id = ? and status = 'PENDING'", status.name(), JobRuns.cut(reason, JobRuns.MAX_EXCERPT),
                evaluationKey, reportUri, Timestamp.from(clock.instant()), requestId) == 1;
    }

    /** The newest decisions first. */
    public List<Decision> recent(int limit) {
        return jdbc.query("select " + COLUMNS + " from policy_decision order by requested_at desc, id desc fetch first " + limit
                + " rows only", (rs, n) -> row(rs));
    }

    private static Decision row(ResultSet rs) throws SQLException {
        long run = rs.getLong("job_run_id");
        Optional<Long> jobRun = rs.wasNull() ? Optional.empty() : Optional.of(run);
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Decision(rs.getLong("id"), rs.getString("request_id"), jobRun, rs.getString("candidate_uri"),
                Optional.ofNullable(rs.getString("baseline_uri")), rs.getDouble("margin"), Status.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("reason")), Optional.ofNullable(rs.getString("evaluation_key")),
                Optional.ofNullable(rs.getString("report_uri")), rs.getTimestamp("requested_at").toInstant(),
                Optional.ofNullable(decided).map(Timestamp::toInstant));
    }
}
