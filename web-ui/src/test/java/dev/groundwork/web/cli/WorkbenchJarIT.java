package dev.groundwork.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The workbench's jar carries no trainer: it talks to the trainer service by events and starts its jar. */
class WorkbenchJarIT {

    @Test
    void the_workbench_jar_contains_neither_the_trainer_nor_djl() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("web-ui-.*\\.jar")).findFirst().orElseThrow();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> libraries = file.stream().map(ZipEntry::getName).filter(n -> n.startsWith("BOOT-INF/lib/"))
                    .map(n -> n.substring("BOOT-INF/lib/".length())).toList();
            assertThat(libraries).anyMatch(n -> n.startsWith("annotation-")).anyMatch(n -> n.startsWith("storage-"));
            assertThat(libraries).noneMatch(n -> n.startsWith("trainer-")).noneMatch(n -> n.startsWith("pytorch-"))
                    .noneMatch(n -> n.startsWith("api-0.36"));
            // No logback.xml of its own, nor the trainer's: Spring Boot configures logging, so that GW_LOG_FORMAT=json
            // (logging.structured.format.console=ecs) takes effect (docs/operations.md).
            assertThat(file.stream().map(ZipEntry::getName))
                    .noneMatch(n -> n.endsWith("logback.xml") || n.endsWith("logback-spring.xml"));
        }
    }
}
