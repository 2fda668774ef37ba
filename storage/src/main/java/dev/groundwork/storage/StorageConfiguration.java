package dev.groundwork.storage;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.judgment.VoteTallies;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Import this into an application to get the schema's repositories, the image store and the dataset services. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
@EntityScan(basePackageClasses = StorageConfiguration.class)
@EnableJpaRepositories(basePackageClasses = StorageConfiguration.class)
@ComponentScan(basePackages = {"dev.groundwork.storage.dataset", "dev.groundwork.storage.audit",
        "dev.groundwork.storage.idempotency"})
public class StorageConfiguration {

    @Bean
    ImageStore imageStore(StorageProperties properties) {
        return new ImageStore(properties.imageRoot());
    }

    @Bean
    VoteTallies voteTallies(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new VoteTallies(jdbc, transactionManager);
    }

    /** Batch inserts (judgments, tags, outbox and audit rows use a pooled sequence to allow it). */
    @Bean
    HibernatePropertiesCustomizer groundworkHibernateBatching() {
        return properties -> {
            properties.putIfAbsent("hibernate.jdbc.batch_size", 200);
            properties.putIfAbsent("hibernate.order_inserts", true);
            properties.putIfAbsent("hibernate.order_updates", true);
            properties.putIfAbsent("hibernate.query.in_clause_parameter_padding", true);
        };
    }

    @Bean
    HotIds hotIds(DataSource dataSource) {
        return new HotIds(dataSource);
    }

    /**
     * On PostgreSQL, JDBC batches of inserts travel as multi-row inserts ({@code reWriteBatchedInserts}),
     * unless the URL says otherwise: the judgment path writes its rows in such batches.
     */
    @Bean
    static BeanPostProcessor groundworkPostgresBatching() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource h) {
                    PostgresBatching.apply(h);
                }
                return bean;
            }
        };
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
