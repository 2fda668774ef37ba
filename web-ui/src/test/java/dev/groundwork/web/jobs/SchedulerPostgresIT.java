package dev.groundwork.web.jobs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler on PostgreSQL (the server {@code ./gw test} starts, {@code GW_TEST_PG_URL}): Quartz's tables from
 * migration V14 with {@code PostgreSQLDelegate}, two instances on one database, each fire run once. Fails (not
 * skips) without the server.
 */
class SchedulerPostgresIT {

    @TempDir Path tmp;

    @Test
    void two_instances_on_one_postgresql_database_run_every_fire_exactly_once() throws Exception {
        String url = System.getenv("GW_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("GW_TEST_PG_URL is not set: run this through ./gw test, which starts PostgreSQL");
        }
        String user = System.getenv().getOrDefault("GW_TEST_PG_USER", "postgres");
        String db = "gw_jobs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("create database " + db);
        }
        String dbUrl = url.substring(0, url.lastIndexOf('/') + 1) + db;
        SchedulerTest.twoInstancesRunEachFireOnce(dbUrl, tmp.resolve("img"), "--spring.datasource.username=" + user,
                "--spring.datasource.password=");
    }
}
