package dev.groundwork.annotation.judgment;

import dev.groundwork.storage.HotIds;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The judgment path's reads and writes in plain JDBC: look-ups by key and by comparison in bulk, and
 * the rows of a call (judgments, tags, outbox events, audit entries, completed assignments) as one
 * JDBC batch per table, in the caller's transaction. Ids come from {@link HotIds}.
 */
final class JudgmentRows {

    /** Keys and ids per look-up statement (well below every driver's parameter limit). */
    private static final int CHUNK = 1000;

    /** A stored judgment, as far as replaying or correcting it needs. */
    record Stored(long id, long comparisonId, String judgeKind, String judgeId, String verdict, String idempotencyKey) {}

    /** An assignment of a comparison to an annotator (by subject). */
    record Assigned(long id, String subject, long comparisonId, boolean completed) {}

    /** Thrown when an assignment was completed by a concurrent transaction after this one read it. */
    static final class CompletedConcurrently extends RuntimeException {
        CompletedConcurrently(long assignmentId) {
            super("assignment " + assignmentId + " was completed by a concurrent submission");
        }
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final HotIds ids;

    JudgmentRows(DataSource dataSource, HotIds ids) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.ids = ids;
    }

    Map<String, Stored> byKeys(Collection<String> keys) {
        Map<String, Stored> out = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(keys))) {
            named.query("select id, comparison_id, judge_kind, judge_id, verdict, idempotency_key from judgment"
                    + " where idempotency_key in (:keys)", Map.of("keys", chunk), rs -> {
                        Stored s = new Stored(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6));
                        out.put(s.idempotencyKey(), s);
                    });
        }
        return out;
    }

    Optional<Stored> byKey(String key) {
        return Optional.ofNullable(byKeys(List.of(key)).get(key));
    }

    Optional<Stored> byId(long id) {
        return jdbc.query("select id, comparison_id, judge_kind, judge_id, verdict, idempotency_key from judgment where id = ?",
                (rs, i) -> new Stored(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)), id).stream().findFirst();
    }

    boolean superseded(long id) {
        return !jdbc.queryForList("select id from judgment where supersedes_id = ?", Long.class, id).isEmpty();
    }

    /** The assignments of these comparisons, by {@code subject + "\0" + comparisonId}. */
    Map<String, Assigned> assignments(Collection<Long> comparisonIds) {
        Map<String, Assigned> out = new HashMap<>();
        for (List<Long> chunk : chunks(List.copyOf(comparisonIds))) {
            named.query("select a.id, an.subject, a.comparison_id, a.completed_at from assignment a"
                    + " join annotator an on an.id = a.annotator_id where a.comparison_id in (:ids)", Map.of("ids", chunk), rs -> {
                        Assigned a = new Assigned(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4) != null);
                        out.put(key(a.subject(), a.comparisonId()), a);
                    });
        }
        return out;
    }

    static String key(String subject, long comparisonId) {
        return subject + "\u0000" + comparisonId;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    Batch batch() {
        return new Batch();
    }

    /** The rows of one call, written by {@link #write()}. */
    final class Batch {
        private final List<Object[]> judgments = new ArrayList<>();
        private final List<Object[]> tags = new ArrayList<>();
        private final List<Object[]> outbox = new ArrayList<>();
        private final List<Object[]> audit = new ArrayList<>();
        private final List<Object[]> completions = new ArrayList<>();
        private final List<Long> completed = new ArrayList<>();
        private long[] idBlock = new long[0];
        private int nextId;

        /** A fresh id; ids for {@code expected} rows are fetched at once. */
        long id(int expected) {
            if (nextId == idBlock.length) {
                idBlock = ids.next(Math.max(expected, 1));
                nextId = 0;
            }
            return idBlock[nextId++];
        }

        void judgment(long id, long comparisonId, String judgeKind, String judgeId, String verdict, int strength,
                String rationale, Long timeSpentMs, String idempotencyKey, Instant createdAt, Long supersedesId) {
            judgments.add(new Object[] {id, comparisonId, judgeKind, judgeId, verdict, strength, text(rationale),
                    bigint(timeSpentMs), idempotencyKey, time(createdAt), bigint(supersedesId)});
        }

        void tag(long id, long judgmentId, long responseId, String tag, Integer spanStart, Integer spanEnd) {
            tags.add(new Object[] {id, judgmentId, responseId, tag, integer(spanStart), integer(spanEnd)});
        }

        void outbox(long id, String eventId, String eventType, String topic, String messageKey, String payload, Instant createdAt) {
            outbox.add(new Object[] {id, eventId, eventType, topic, messageKey, payload, time(createdAt)});
        }

        void audit(long id, Instant occurredAt, String actor, String action, String target, String detail) {
            audit.add(new Object[] {id, time(occurredAt), actor, action, text(target), text(detail)});
        }

        void complete(long assignmentId, Instant at) {
            completions.add(new Object[] {time(at), assignmentId});
            completed.add(assignmentId);
        }

        /**
         * Writes the rows, parents first.
         *
         * @throws CompletedConcurrently when another transaction completed one of the assignments first
         */
        void write() {
            if (!completions.isEmpty()) {
                int[] counts = jdbc.batchUpdate("update assignment set completed_at = ? where id = ? and completed_at is null",
                        completions);
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        throw new CompletedConcurrently(completed.get(i));
                    }
                }
            }
            insert("insert into judgment (id, comparison_id, judge_kind, judge_id, verdict, strength, rationale, time_spent_ms,"
                    + " idempotency_key, created_at, supersedes_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", judgments);
            insert("insert into judgment_tag (id, judgment_id, response_id, tag, span_start, span_end) values (?, ?, ?, ?, ?, ?)",
                    tags);
            insert("insert into outbox_event (id, event_id, event_type, topic, message_key, payload, created_at, attempts)"
                    + " values (?, ?, ?, ?, ?, ?, ?, 0)", outbox);
            insert("insert into audit_log (id, occurred_at, actor, action, target, detail) values (?, ?, ?, ?, ?, ?)", audit);
        }

        private void insert(String sql, List<Object[]> rows) {
            if (!rows.isEmpty()) {
                jdbc.batchUpdate(sql, rows);
            }
        }
    }

    private static SqlParameterValue time(Instant at) {
        return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    private static SqlParameterValue text(String s) {
        return new SqlParameterValue(Types.VARCHAR, s);
    }

    private static SqlParameterValue bigint(Long n) {
        return new SqlParameterValue(Types.BIGINT, n);
    }

    private static SqlParameterValue integer(Integer n) {
        return new SqlParameterValue(Types.INTEGER, n);
    }
}
