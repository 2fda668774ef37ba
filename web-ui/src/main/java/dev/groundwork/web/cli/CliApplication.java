package dev.groundwork.web.cli;

import dev.groundwork.annotation.AnnotationConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** The Spring context behind the data commands: storage only, no web server. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AnnotationConfiguration.class)
class CliApplication {

    /** Embedded defaults; each can be overridden by the environment (see docs/configuration.md). */
    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.datasource.url", "${GW_DB_URL:jdbc:h2:file:${GW_DATA_DIR:./data}/db/groundwork;AUTO_SERVER=TRUE;QUERY_CACHE_SIZE=128}",
            "spring.datasource.username", "${GW_DB_USER:sa}",
            "spring.datasource.password", "${GW_DB_PASSWORD:}",
            "spring.jpa.hibernate.ddl-auto", "validate",
            "spring.jpa.open-in-view", "false",
            "groundwork.storage.image-root", "${GW_IMAGE_ROOT:${GW_DATA_DIR:./data}/images}",
            "spring.main.banner-mode", "off",
            "spring.main.log-startup-info", "false",
            "logging.level.root", "WARN");

    static ConfigurableApplicationContext start(String... overrides) {
        SpringApplication app = new SpringApplication(CliApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(DEFAULTS);
        return app.run(overrides);
    }
}
