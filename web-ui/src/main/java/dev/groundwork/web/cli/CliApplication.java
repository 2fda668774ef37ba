package dev.groundwork.web.cli;

import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.web.EmbeddedDefaults;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** The Spring context behind the data commands: storage only, no web server. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        // The web application's parts; the command line runs without a web server.
        "com.vaadin.flow.spring.SpringBootAutoConfiguration",
        "com.vaadin.flow.spring.SpringSecurityAutoConfiguration",
        "com.vaadin.flow.spring.VaadinScopesConfig",
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
        // Scheduled jobs run in the workbench, never in a data command.
        "org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration"})
@Import(AnnotationConfiguration.class)
class CliApplication {

    static final Map<String, Object> DEFAULTS = EmbeddedDefaults.STORAGE;

    static ConfigurableApplicationContext start(String... overrides) {
        SpringApplication app = new SpringApplication(CliApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(DEFAULTS);
        return app.run(overrides);
    }
}
