package dev.groundwork.critic.cli;

import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.storage.StorageDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The critic service's Spring context: the workbench's storage and annotation services on the workbench database
 * (critic judgments are recorded through the same path as people's), no web server and no Vaadin.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AnnotationConfiguration.class)
class CriticApplication {

    static ConfigurableApplicationContext start() {
        SpringApplication app = new SpringApplication(CriticApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(StorageDefaults.PROPERTIES);
        app.setRegisterShutdownHook(false);
        return app.run();
    }
}
