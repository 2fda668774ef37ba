package dev.groundwork.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.deploy.kafka.KafkaBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gw up} as a user runs it: the packaged application seeds the demo data, starts Keycloak,
 * the broker, the web application with its relay, and the trainer service as its own process, sends visitors to the Keycloak login, and on
 * Ctrl-C (SIGINT) stops everything, leaving no process behind. A second run reuses the data.
 */
class UpCommandIT {

    @TempDir Path data;

    @Test
    void up_serves_the_workbench_behind_keycloak_streams_judgments_and_ctrl_c_leaves_no_process_behind() throws Exception {
        int httpPort = KafkaBroker.freePort();
        List<String> first = runUntilStreamingThenInterrupt(httpPort);
        assertThat(String.join("\n", first))
                .contains("imported dataset 'demo-world'")
                .contains("the claim checker judges all")
                .contains("Keycloak ready")
                .contains("Groundwork is running: http://localhost:" + httpPort)
                .contains("annotator1  / annotator1")
                .contains("reviewer1   / reviewer1")
                .contains("judgment stream running")
                .contains("trainer service pid")
                .contains("critic service pid")
                .contains("default schedule set (change it in /jobs): demo-dpo every 2 min at >= 50 new pairs, then"
                        + " demo-evaluate")
                .containsPattern("stopped \\(\\d+ s\\)\\.");
        assertThat(first).anyMatch(l -> l.matches("stream: [1-9]\\d* judgments published, \\d+ unpublished"));
        // The topics are created before the web application's consumers subscribe: no metadata warnings on a fresh broker.
        assertThat(first).noneMatch(l -> l.contains("UNKNOWN_TOPIC_OR_PARTITION"));
        // The Keycloak admin's password and the client secrets were generated, are kept owner-only, and are not printed.
        Path secrets = data.resolve("secrets");
        assertThat(String.join("\n", first)).contains("password in " + secrets.resolve("keycloak-admin-password"))
                .doesNotContain("(admin / admin)").doesNotContain(Files.readString(secrets.resolve("keycloak-admin-password")).strip());
        assertThat(String.join("\n", first)).contains("secret in " + secrets.resolve("pipeline-client-secret"))
                .contains("secret in " + secrets.resolve("judge-client-secret"))
                .doesNotContain(Files.readString(secrets.resolve("pipeline-client-secret")).strip());
        for (String name : List.of("db-password", "keycloak-admin-password", "oidc-client-secret", "trainer-client-secret",
                "pipeline-client-secret", "judge-client-secret")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve(name)))).as(name)
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(strays()).isEmpty();
        assertThat(Files.readString(data.resolve("logs/trainer.log"))).as("the trainer service's log")
                .contains("trainer: pair buffer").contains("follow: dpo rounds when asked");
        assertThat(Files.readString(data.resolve("logs/critic.log"))).as("the critic service's log")
                .contains("critic service: starting 1 worker(s)");

        List<String> second = run("up", "--scenes", "20", "--no-stream");
        assertThat(String.join("\n", second)).contains("demo world already imported; reusing it").doesNotContain("imported dataset")
                .doesNotContain("default schedule set");
        assertThat(strays()).isEmpty();
    }

    private ProcessBuilder up(String... args) throws java.io.IOException {
        Path jar = Files.list(Path.of("target")).filter(p -> p.getFileName().toString().matches("web-ui-.*\\.jar")).findFirst().orElseThrow();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("GW_DATA_DIR", data.toString());
        pb.environment().put("GW_KAFKA_PORT", Integer.toString(KafkaBroker.freePort()));
        pb.environment().put("GW_KEYCLOAK_PORT", Integer.toString(KafkaBroker.freePort()));
        pb.environment().put("GW_KEYCLOAK_MANAGEMENT_PORT", Integer.toString(KafkaBroker.freePort()));
        pb.environment().put("GW_KAFKA_LIB", Path.of("../deploy/target/kafka-lib").toAbsolutePath().normalize().toString());
        pb.environment().remove("GW_KAFKA_BOOTSTRAP");
        pb.environment().remove("GW_OIDC_ISSUER");
        pb.redirectErrorStream(true);
        return pb;
    }

    private List<String> run(String... args) throws Exception {
        Process process = up(args).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }

    private List<String> runUntilStreamingThenInterrupt(int httpPort) throws Exception {
        ProcessBuilder pb = up("up", "--scenes", "20");
        pb.environment().put("GW_HTTP_PORT", Integer.toString(httpPort));
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
        // Keycloak's first start in a fresh folder includes its one-off build step.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(480);
        while (System.nanoTime() < deadline && process.isAlive()
                && lines.stream().noneMatch(l -> l.matches("stream: [1-9]\\d* judgments published, \\d+ unpublished"))) {
            Thread.sleep(200);
        }
        assertThat(process.isAlive()).as("gw up still running; output:\n%s", String.join("\n", lines)).isTrue();
        // The trainer and critic services are processes of their own: on a loaded machine they may still be starting
        // when the first judgments are published. Ctrl-C comes once both say they are up.
        while (System.nanoTime() < deadline && process.isAlive()
                && !(logContains("trainer.log", "follow: ") && logContains("critic.log", "critic service: starting"))) {
            Thread.sleep(200);
        }
        assertSignInIsServed(httpPort);
        assertThePrintedPipelineTokenCommandOpensTheApi(httpPort, lines);
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gw up did not exit within 120 s of Ctrl-C; its output:\n" + String.join("\n", lines)
                    + "\n--- trainer.log (end):\n" + tail("trainer.log") + "\n--- critic.log (end):\n" + tail("critic.log"));
        }
        reader.join(10_000);
        return new ArrayList<>(lines);
    }

    private String tail(String log) throws java.io.IOException {
        Path file = data.resolve("logs").resolve(log);
        if (!Files.exists(file)) {
            return "(none)";
        }
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    }

    private boolean logContains(String log, String text) throws java.io.IOException {
        Path file = data.resolve("logs").resolve(log);
        return Files.exists(file) && Files.readString(file).contains(text);
    }

    /** The app sends an anonymous visitor to the Keycloak login page, which is served. */
    private static void assertSignInIsServed(int httpPort) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (int hops = 0; hops < 5 && page.statusCode() == 302; hops++) {
            URI next = page.uri().resolve(page.headers().firstValue("Location").orElseThrow());
            page = http.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().toString()).contains("/realms/groundwork/protocol/openid-connect/auth");
        assertThat(page.body()).contains("kc-form-login");
    }

    /** The one-line curl that {@code gw up} prints gets a pipeline token, and the API accepts it. */
    private static void assertThePrintedPipelineTokenCommandOpensTheApi(int httpPort, List<String> lines) throws Exception {
        String prefix = "a pipeline token: ";
        String command = List.copyOf(lines).stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("gw up printed no pipeline token command:\n" + String.join("\n", lines)))
                .substring(prefix.length());
        Process curl = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String token = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(curl.waitFor()).as(token).isZero();
        HttpResponse<String> datasets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + httpPort + "/api/v1/datasets")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(datasets.statusCode()).as(datasets.body()).isEqualTo(200);
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
