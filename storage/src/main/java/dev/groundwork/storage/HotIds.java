package dev.groundwork.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ids for rows of the hot write path that are inserted with plain JDBC (judgments, tags, outbox and
 * audit rows), from the same sequence and in the same blocks as {@link SequencedEntity}: each value
 * {@code v} the sequence returns stands for the block {@code v - 49 .. v}, as Hibernate's pooled
 * optimizer reads it, so rows written by JPA and by JDBC never share an id. The blocks of one request
 * are fetched in one round trip.
 */
public final class HotIds {

    /** The sequence of the hot tables (migration V2). */
    public static final String SEQUENCE = "hot_id_seq";
    /** Ids per sequence value: the sequence's increment and the entities' allocation size. */
    public static final int BLOCK = 50;

    private final JdbcTemplate jdbc;
    private volatile String blocksQuery;
    private long next;
    private long last = -1;

    public HotIds(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** {@code n} fresh ids, ascending within each block. */
    public synchronized long[] next(int n) {
        long[] ids = new long[n];
        int i = 0;
        while (i < n && next <= last) {
            ids[i++] = next++;
        }
        if (i < n) {
            int blocks = (n - i + BLOCK - 1) / BLOCK;
            for (long hi : jdbc.queryForList(blocksQuery(), Long.class, blocks)) {
                next = hi - BLOCK + 1;
                last = hi;
                while (i < n && next <= last) {
                    ids[i++] = next++;
                }
            }
            if (i < n) {
                throw new IllegalStateException("the sequence " + SEQUENCE + " gave fewer than " + blocks + " values");
            }
        }
        return ids;
    }

    /** Fetches {@code ?} values of the sequence in one statement, in the database's dialect. */
    private String blocksQuery() {
        String q = blocksQuery;
        if (q == null) {
            String product = jdbc.execute((Connection c) -> productName(c));
            q = switch (product) {
                case "PostgreSQL" -> "select nextval('" + SEQUENCE + "') from generate_series(1, ?)";
                case "H2" -> "select next value for " + SEQUENCE + " from system_range(1, ?)";
                default -> throw new IllegalStateException("no sequence query for database " + product + " (H2 and PostgreSQL are supported)");
            };
            blocksQuery = q;
        }
        return q;
    }

    private static String productName(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName();
    }
}
