package dev.groundwork.annotation;

import dev.groundwork.storage.StorageConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Import this to get the annotation services on top of storage. */
@Configuration(proxyBeanMethods = false)
@Import(StorageConfiguration.class)
@ComponentScan(basePackageClasses = AnnotationConfiguration.class)
public class AnnotationConfiguration {}
