package dev.groundwork.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;

/** Turns on {@code reWriteBatchedInserts} for a PostgreSQL pool whose URL does not set it. */
public final class PostgresBatching {

    public static final String PROPERTY = "reWriteBatchedInserts";

    private PostgresBatching() {}

    /** Whether {@code jdbcUrl} is PostgreSQL's and leaves the rewriting of batched inserts unset. */
    static boolean applies(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")
                && !jdbcUrl.toLowerCase(Locale.ROOT).contains(PROPERTY.toLowerCase(Locale.ROOT));
    }

    public static void apply(HikariDataSource pool) {
        if (applies(pool.getJdbcUrl()) && !pool.getDataSourceProperties().containsKey(PROPERTY)) {
            pool.addDataSourceProperty(PROPERTY, "true");
        }
    }
}
