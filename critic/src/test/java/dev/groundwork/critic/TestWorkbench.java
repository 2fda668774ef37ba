package dev.groundwork.critic;

import dev.groundwork.annotation.AnnotationConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The workbench's storage and annotation services, which the critic service records through, for tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AnnotationConfiguration.class)
public class TestWorkbench {}
