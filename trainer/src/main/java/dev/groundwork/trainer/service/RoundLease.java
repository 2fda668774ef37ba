package dev.groundwork.trainer.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Which of the trainer service instances that share one pair buffer trains the rounds: the one whose open transaction
 * holds the row lock on {@code round_lease} in the buffer's database. Every instance consumes its partitions into
 * the buffer; only the holder trains, so a round is never trained twice, and one training run is never split across
 * instances. When the holder dies its database session ends, the lock goes with it, and a waiting instance takes the
 * lease and trains from the last round's checkpoint on.
 */
public final class RoundLease implements AutoCloseable {

    private final Connection connection;

    private RoundLease(Connection connection) {
        this.connection = connection;
    }

    /**
     * Waits until this instance holds the lease, or until {@code keepWaiting} says no.
     *
     * @return the lease, or empty when waiting was given up
     */
    public static Optional<RoundLease> await(String bufferUrl, String holder, Duration retry, BooleanSupplier keepWaiting) {
        Connection c;
        try {
            c = DriverManager.getConnection(bufferUrl, "sa", "");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create table if not exists round_lease (id integer primary key, holder varchar(200) not null,"
                        + " since timestamp with time zone not null)");
                s.execute("merge into round_lease key (id) select 1, 'nobody', current_timestamp from dual"
                        + " where not exists (select 1 from round_lease where id = 1)");
                c.commit();
                s.execute("set lock_timeout " + retry.toMillis());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the round lease in the pair buffer at " + bufferUrl + ": "
                    + e.getMessage(), e);
        }
        try (PreparedStatement take = c.prepareStatement("update round_lease set holder = ?, since = ? where id = 1")) {
            while (keepWaiting.getAsBoolean()) {
                try {
                    take.setString(1, holder);
                    take.setTimestamp(2, Timestamp.from(Instant.now()));
                    take.executeUpdate(); // blocks while another instance's transaction holds the row; never committed
                    return Optional.of(new RoundLease(c));
                } catch (SQLException lockedElsewhere) {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("cannot take the round lease: " + e.getMessage(), e);
        }
        closeQuietly(c);
        return Optional.empty();
    }

    /** Gives the lease up: another instance may take it. */
    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // closing the session releases the lock as well
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
    }
}
