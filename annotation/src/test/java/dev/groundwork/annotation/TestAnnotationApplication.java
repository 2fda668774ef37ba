package dev.groundwork.annotation;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Storage plus the annotation services, as the tests run them. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AnnotationConfiguration.class)
public class TestAnnotationApplication {}
