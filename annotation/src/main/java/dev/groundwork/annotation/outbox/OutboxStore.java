package dev.groundwork.annotation.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's view of the outbox table, in plain JDBC. Rows are claimed with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} (H2 and PostgreSQL), so two relays never claim the
 * same row; a claim lapses after a lease so a crashed relay's rows are picked up by another.
 */
final class OutboxStore {

    /** An event waiting to be published. */
    record Row(long id, String eventId, String eventType, String topic, String key, String payload) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    OutboxStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Claims up to {@code limit} unpublished rows: unclaimed, already ours, or with a lapsed lease. */
    List<Row> claim(String relayId, int limit, Instant now, Instant leaseLapsedBefore) {
        return tx.execute(status -> {
            List<Row> rows = jdbc.query("""
                    select id, event_id, event_type, topic, message_key, payload from outbox_event
                     where published_at is null and (claimed_by is null or claimed_by = ? or claimed_at < ?)
                     order by id fetch first %d rows only for update skip locked""".formatted(limit),
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)),
                    relayId, Timestamp.from(leaseLapsedBefore));
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("update outbox_event set claimed_by = ?, claimed_at = ?, attempts = attempts + 1 where id = ?",
                        params(rows, id -> new Object[] {relayId, Timestamp.from(now), id}));
            }
            return rows;
        });
    }

    /** Marks rows published, but only those still claimed by this relay. */
    int markPublished(String relayId, List<Row> rows, Instant now) {
        if (rows.isEmpty()) {
            return 0;
        }
        Integer marked = tx.execute(status -> sum(jdbc.batchUpdate(
                "update outbox_event set published_at = ? where id = ? and claimed_by = ? and published_at is null",
                params(rows, id -> new Object[] {Timestamp.from(now), id, relayId}))));
        return marked == null ? 0 : marked;
    }

    /** Gives up claims after a failed publish so that the rows are retried at once. */
    void release(String relayId, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> jdbc.batchUpdate(
                "update outbox_event set claimed_by = null, claimed_at = null where id = ? and claimed_by = ? and published_at is null",
                params(rows, id -> new Object[] {id, relayId})));
    }

    long unpublished() {
        Long n = jdbc.queryForObject("select count(*) from outbox_event where published_at is null", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * One parameter row per outbox row: each update finds its row by primary key (one statement with an
     * {@code IN} list of hundreds of ids made H2 scan all unpublished rows for each claim).
     */
    private static List<Object[]> params(List<Row> rows, LongFunction<Object[]> forId) {
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(forId.apply(r.id()));
        }
        return out;
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }
}
