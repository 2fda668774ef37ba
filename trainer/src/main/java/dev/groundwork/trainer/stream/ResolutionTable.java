package dev.groundwork.trainer.stream;

import dev.groundwork.annotation.event.DisagreementResolved;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pair buffer's {@code resolution} table: the latest reviewer resolution per comparison. A
 * resolution replaces the stored one only with a higher revision, so a repeated event (same id,
 * same revision) and an older one arriving late change nothing. Runs inside the pair buffer's
 * transaction; never commits.
 */
final class ResolutionTable {

    /** What {@link #store} did: resolutions taken, and those skipped as repeated or superseded. */
    record Stored(int taken, int skipped) {}

    private ResolutionTable() {}

    static void create(Statement s) throws SQLException {
        s.execute("""
                create table if not exists resolution (
                    comparison_id bigint primary key, event_id varchar(36) not null, revision integer not null,
                    verdict varchar(10) not null, reviewer varchar(200) not null,
                    occurred_at timestamp with time zone not null,
                    topic varchar(200) not null, part integer not null, record_offset bigint not null)""");
    }

    static Stored store(Connection c, List<PairBuffer.ConsumedResolution> resolutions) throws SQLException {
        Map<Long, Integer> revisions = new HashMap<>();
        int taken = 0;
        int skipped = 0;
        try (PreparedStatement merge = c.prepareStatement(
                "merge into resolution key (comparison_id) values (?,?,?,?,?,?,?,?,?)")) {
            for (PairBuffer.ConsumedResolution r : resolutions) {
                DisagreementResolved e = r.event();
                Optional<Integer> stored = revisions.containsKey(e.comparisonId())
                        ? Optional.of(revisions.get(e.comparisonId())) : revision(c, e.comparisonId());
                if (stored.isPresent() && stored.get() >= e.revision()) {
                    skipped++;
                    continue;
                }
                merge.setLong(1, e.comparisonId());
                merge.setString(2, e.eventId());
                merge.setInt(3, e.revision());
                merge.setString(4, e.verdict());
                merge.setString(5, e.reviewerId());
                merge.setTimestamp(6, Timestamp.from(e.occurredAt()));
                merge.setString(7, r.partition().topic());
                merge.setInt(8, r.partition().partition());
                merge.setLong(9, r.offset());
                merge.executeUpdate();
                revisions.put(e.comparisonId(), e.revision());
                taken++;
            }
        }
        return new Stored(taken, skipped);
    }

    private static Optional<Integer> revision(Connection c, long comparisonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select revision from resolution where comparison_id = ?")) {
            ps.setLong(1, comparisonId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /** A comparison's latest resolution: its verdict and the reviewer who gave it. */
    record Resolved(String verdict, String reviewer) {}

    /** The latest resolution of every resolved comparison. */
    static Map<Long, Resolved> verdicts(Connection c) throws SQLException {
        Map<Long, Resolved> verdicts = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select comparison_id, verdict, reviewer from resolution")) {
            while (rs.next()) {
                verdicts.put(rs.getLong(1), new Resolved(rs.getString(2), rs.getString(3)));
            }
        }
        return verdicts;
    }
}
