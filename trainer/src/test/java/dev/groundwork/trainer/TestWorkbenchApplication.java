package dev.groundwork.trainer;

import dev.groundwork.annotation.AnnotationConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The workbench side (storage + annotation) that feeds the trainer in delivery tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AnnotationConfiguration.class)
public class TestWorkbenchApplication {}
