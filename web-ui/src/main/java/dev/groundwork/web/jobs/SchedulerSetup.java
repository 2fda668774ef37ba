package dev.groundwork.web.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.quartz.QuartzProperties;
import org.springframework.boot.autoconfigure.quartz.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Quartz's JDBC job store on the workbench database, whichever it is: PostgreSQL stores job data as {@code bytea},
 * which only {@code PostgreSQLDelegate} reads; H2 works with the standard delegate. The rest of the configuration is
 * in {@code EmbeddedDefaults.JOBS} (clustered, misfire threshold, thread pool).
 */
@Configuration(proxyBeanMethods = false)
public class SchedulerSetup {

    static final String DELEGATE = "org.quartz.jobStore.driverDelegateClass";

    @Bean
    SchedulerFactoryBeanCustomizer jobStoreDelegate(DataSource dataSource, QuartzProperties quartz) {
        return factory -> {
            Properties properties = new Properties();
            properties.putAll(quartz.getProperties());
            properties.putIfAbsent(DELEGATE, delegateFor(dataSource));
            factory.setQuartzProperties(properties);
        };
    }

    static String delegateFor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            return product.toLowerCase(java.util.Locale.ROOT).contains("postgres")
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the scheduler runs on: " + e.getMessage(), e);
        }
    }
}
