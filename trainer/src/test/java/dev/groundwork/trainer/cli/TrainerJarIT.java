package dev.groundwork.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.trainer.support.TrainerJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The trainer's own runnable jar: what is on its runtime classpath, and that it runs as a program. */
class TrainerJarIT {

    @Test
    void the_trainer_jar_has_no_vaadin_hibernate_flyway_or_jpa_on_its_runtime_classpath() throws Exception {
        try (JarFile jar = new JarFile(TrainerJar.jar().toFile())) {
            List<String> libraries = jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("BOOT-INF/lib/"))
                    .map(n -> n.substring("BOOT-INF/lib/".length())).toList();
            assertThat(libraries).as("the jar's libraries").isNotEmpty()
                    .anyMatch(n -> n.startsWith("pytorch-engine-"))
                    .anyMatch(n -> n.startsWith("kafka-clients-"))
                    .anyMatch(n -> n.startsWith("annotation-"));
            assertThat(libraries).noneMatch(n -> n.contains("vaadin")).noneMatch(n -> n.contains("hibernate"))
                    .noneMatch(n -> n.contains("flyway")).noneMatch(n -> n.contains("spring-data"))
                    .noneMatch(n -> n.contains("jakarta.persistence")).noneMatch(n -> n.startsWith("postgresql-"));
        }
    }

    @Test
    void the_jar_runs_its_commands_and_answers_a_usage_error_in_one_line_with_exit_code_2() throws Exception {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.output()).contains("train", "service", "bench");
        Run unknown = run("train", "dpoo");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.output()).contains("gw: unknown objective 'dpoo' (sft, reward, dpo, mdpo)");
        Run badOption = run("train", "dpo", "--steps", "many");
        assertThat(badOption.code()).isEqualTo(2);
        assertThat(badOption.output()).contains("gw: ").contains("--steps").doesNotContain("Exception");
    }

    record Run(int code, String output) {}

    private static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TrainerJar.jar().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
