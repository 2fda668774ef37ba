package dev.groundwork.web;

import dev.groundwork.annotation.AnnotationConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The browser workbench: Vaadin views behind Keycloak (OpenID Connect), on the same storage and
 * annotation services as the command line. Started by {@code ./gw up}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AnnotationConfiguration.class)
// Other application configurations under dev.groundwork.web (the command line's, those of tests
// on the classpath) are separate applications, not parts of this one.
@ComponentScan(basePackageClasses = WebApplication.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class WebApplication {

    /** Starts the web application with the embedded defaults; {@code args} override them ({@code --key=value}). */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(WebApplication.class);
        app.setDefaultProperties(EmbeddedDefaults.web());
        return app.run(args);
    }

    public static void main(String[] args) {
        start(args);
    }
}
