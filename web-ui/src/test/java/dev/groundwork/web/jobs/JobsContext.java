package dev.groundwork.web.jobs;

import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.web.EmbeddedDefaults;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A workbench's scheduler without its web server: storage and annotation services, Quartz with the workbench's own
 * settings ({@link EmbeddedDefaults#JOBS}), and the jobs package. Tests start several on one database, as a
 * restarted or a second instance.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        QuartzAutoConfiguration.class})
@Import({AnnotationConfiguration.class, SchedulerSetup.class, JobRuns.class, Policies.class, JobDispatcher.class,
        AlignmentJobs.class, CommandAnswers.class})
class JobsContext {

    /** Starts an instance on {@code jdbcUrl}; {@code overrides} are {@code --key=value}. */
    static ConfigurableApplicationContext start(String jdbcUrl, Path images, String... overrides) {
        Map<String, Object> defaults = new HashMap<>(EmbeddedDefaults.STORAGE);
        defaults.putAll(EmbeddedDefaults.JOBS);
        defaults.put("spring.datasource.url", jdbcUrl);
        defaults.put("groundwork.storage.image-root", images.toString());
        defaults.put("spring.jpa.open-in-view", "false");
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("logging.level.root", "WARN");
        // Fail over and notice misfires within seconds, not the production minute.
        defaults.put("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", "1000");
        defaults.put("spring.quartz.properties.org.quartz.jobStore.misfireThreshold", "1000");
        return new SpringApplicationBuilder(JobsContext.class).web(WebApplicationType.NONE).properties(defaults)
                .logStartupInfo(false).run(overrides);
    }
}
