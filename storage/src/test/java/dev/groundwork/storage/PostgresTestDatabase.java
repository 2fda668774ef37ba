package dev.groundwork.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh database per test context on the PostgreSQL server that {@code ./gw test} started
 * ({@code GW_TEST_PG_URL}, e.g. {@code jdbc:postgresql://127.0.0.1:54329/postgres}).
 */
public final class PostgresTestDatabase {
    private PostgresTestDatabase() {}

    public static void register(DynamicPropertyRegistry registry) {
        String url = System.getenv("GW_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("GW_TEST_PG_URL is not set: run the PostgreSQL tests through ./gw test, "
                    + "which starts a throwaway PostgreSQL server");
        }
        String user = System.getenv().getOrDefault("GW_TEST_PG_USER", "postgres");
        String db = "gw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("create database " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + url + ": " + e.getMessage(), e);
        }
        String dbUrl = url.substring(0, url.lastIndexOf('/') + 1) + db;
        registry.add("spring.datasource.url", () -> dbUrl);
        registry.add("spring.datasource.username", () -> user);
        registry.add("spring.datasource.password", () -> "");
    }
}
