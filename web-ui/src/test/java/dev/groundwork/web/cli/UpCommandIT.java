package dev.groundwork.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.deploy.kafka.KafkaBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gw up} as a user runs it: the packaged application seeds the demo data, starts the
 * broker, relay and consumer, and on Ctrl-C (SIGINT) stops everything, leaving no process behind.
 * A second run reuses the data.
 */
class UpCommandIT {

    @TempDir Path data;

    @Test
    void up_streams_the_demo_judgments_and_ctrl_c_leaves_no_process_behind() throws Exception {
        List<String> first = runUntilStreamingThenInterrupt();
        assertThat(String.join("\n", first))
                .contains("imported dataset 'demo-world'")
                .contains("simulated critic judgments")
                .contains("judgment stream running")
                .contains("stopped.");
        assertThat(first).anyMatch(l -> l.matches("stream: \\d+ judgments published, [1-9]\\d* in the pair buffer.*"));
        assertThat(strays()).isEmpty();

        List<String> second = runUntilStreamingThenInterrupt();
        assertThat(String.join("\n", second)).contains("demo world already imported; reusing it").doesNotContain("imported dataset");
        assertThat(strays()).isEmpty();
    }

    private List<String> runUntilStreamingThenInterrupt() throws Exception {
        Path jar = Files.list(Path.of("target")).filter(p -> p.getFileName().toString().matches("web-ui-.*\\.jar")).findFirst().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "up", "--scenes", "20");
        pb.environment().put("GW_DATA_DIR", data.toString());
        pb.environment().put("GW_KAFKA_PORT", Integer.toString(KafkaBroker.freePort()));
        pb.environment().put("GW_KAFKA_LIB", Path.of("../deploy/target/kafka-lib").toAbsolutePath().normalize().toString());
        pb.environment().remove("GW_KAFKA_BOOTSTRAP");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline && process.isAlive()
                && lines.stream().noneMatch(l -> l.matches("stream: \\d+ judgments published, [1-9]\\d* in the pair buffer.*"))) {
            Thread.sleep(200);
        }
        assertThat(process.isAlive()).as("gw up still running; output:\n%s", String.join("\n", lines)).isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("gw up exits after Ctrl-C").isTrue();
        reader.join(10_000);
        return new ArrayList<>(lines);
    }

    /** Processes still running from this test's data folder (the broker would be one). */
    private List<String> strays() {
        String marker = data.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(marker))
                .toList();
    }
}
