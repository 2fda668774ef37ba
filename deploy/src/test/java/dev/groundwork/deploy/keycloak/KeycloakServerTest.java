package dev.groundwork.deploy.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's checks before it starts anything; no Keycloak needed. */
class KeycloakServerTest {

    @TempDir Path dir;

    @Test
    void start_names_the_busy_port() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            int[] ports = KeycloakServer.freePorts(1);
            var builder = KeycloakServer.builder().optDistribution(dir.resolve("none.zip")).setHome(dir.resolve("home"))
                    .setHttpPort(busy.getLocalPort()).setManagementPort(ports[0]);
            assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + busy.getLocalPort() + " is already in use");
        }
    }

    @Test
    void start_without_the_distribution_says_how_to_get_it() {
        int[] ports = KeycloakServer.freePorts(2);
        var builder = KeycloakServer.builder().optDistribution(dir.resolve("missing.zip")).setHome(dir.resolve("home"))
                .setHttpPort(ports[0]).setManagementPort(ports[1]);
        assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.zip").hasMessageContaining("mvn -pl deploy package");
        assertThat(Files.exists(dir.resolve("home"))).isFalse();
    }

    @Test
    void free_ports_are_distinct() {
        int[] ports = KeycloakServer.freePorts(4);
        assertThat(ports).hasSize(4).doesNotHaveDuplicates().doesNotContain(0);
    }

    @Test
    void start_refuses_a_home_whose_earlier_server_still_runs() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        // stands in for a kc.sh left running by a killed launcher: alive, and its command line names the home
        Process earlier = new ProcessBuilder("sh", "-c", "sleep 60; : " + home).start();
        try {
            Files.writeString(home.resolve("keycloak.pid"), earlier.pid() + "\n");
            int[] ports = KeycloakServer.freePorts(2);
            var builder = KeycloakServer.builder().optDistribution(dir.resolve("none.zip")).setHome(home)
                    .setHttpPort(ports[0]).setManagementPort(ports[1]).optFresh(true);
            assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still running (pid " + earlier.pid() + ")");
        } finally {
            earlier.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_stale_pid_file_is_ignored() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(home.resolve("keycloak.pid"), gone.pid() + "\n");
        int[] ports = KeycloakServer.freePorts(2);
        var builder = KeycloakServer.builder().optDistribution(dir.resolve("missing.zip")).setHome(home)
                .setHttpPort(ports[0]).setManagementPort(ports[1]);
        assertThatThrownBy(builder::start).hasMessageContaining("Keycloak distribution not found");
        assertThat(home.resolve("keycloak.pid")).doesNotExist();
    }

    @Test
    void config_refuses_equal_ports_and_a_missing_home() {
        assertThatThrownBy(() -> KeycloakServer.builder().optDistribution(dir.resolve("k.zip")).setHome(dir).setHttpPort(8180)
                .setManagementPort(8180).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> KeycloakServer.builder().optDistribution(dir.resolve("k.zip")).setHttpPort(8180)
                .setManagementPort(9180).build()).hasMessageContaining("setHome");
    }

    @Test
    void unpacks_once_keeps_scripts_executable_writes_the_realm_and_reports_a_server_that_dies_with_its_log() throws Exception {
        Path zip = fakeDistribution("echo 'fake Keycloak: cannot start'; exit 3");
        Path home = dir.resolve("home");
        int[] ports = KeycloakServer.freePorts(2);
        var builder = KeycloakServer.builder().optDistribution(zip).setHome(home).setHttpPort(ports[0]).setManagementPort(ports[1])
                .optAppUrl(URI.create("http://localhost:18080/")).optStartTimeout(Duration.ofSeconds(30));

        assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3").hasMessageContaining("fake Keycloak: cannot start");

        assertThat(Files.isExecutable(home.resolve("bin/kc.sh"))).isTrue();
        assertThat(home.resolve("lib/quarkus-run.jar")).exists();
        assertThat(Files.readString(home.resolve("data/import/groundwork-realm.json")))
                .contains("\"http://localhost:18080/login/oauth2/code/*\"").doesNotContain(KeycloakServer.APP_URL_TOKEN);

        // a second start does not unpack again: a file written into lib/ survives
        Files.writeString(home.resolve("lib/augmented-by-quarkus"), "kept");
        assertThatThrownBy(builder::start).hasMessageContaining("exited with code 3");
        assertThat(home.resolve("lib/augmented-by-quarkus")).exists();
    }

    @Test
    void fresh_deletes_only_the_dev_database() throws Exception {
        Path zip = fakeDistribution("exit 1");
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("data/h2"));
        Files.writeString(home.resolve("data/h2/keycloakdb.mv.db"), "db");
        Files.writeString(home.resolve("data/keep.txt"), "other data");
        int[] ports = KeycloakServer.freePorts(2);
        var builder = KeycloakServer.builder().optDistribution(zip).setHome(home).setHttpPort(ports[0]).setManagementPort(ports[1])
                .optFresh(true);

        assertThatThrownBy(builder::start).hasMessageContaining("exited with code 1");
        assertThat(home.resolve("data/h2")).doesNotExist();
        assertThat(home.resolve("data/keep.txt")).exists();
    }

    @Test
    void refuses_to_unpack_into_a_folder_with_foreign_files() throws Exception {
        Path zip = fakeDistribution("exit 1");
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("notes.txt"), "mine");
        int[] ports = KeycloakServer.freePorts(2);
        var builder = KeycloakServer.builder().optDistribution(zip).setHome(home).setHttpPort(ports[0]).setManagementPort(ports[1]);

        assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("[notes.txt]");
        assertThat(home.resolve("notes.txt")).exists();
    }

    /** A zip shaped like the Keycloak distribution whose {@code bin/kc.sh} runs {@code script}. */
    private Path fakeDistribution(String script) throws IOException {
        Path zip = dir.resolve("keycloak-quarkus-dist-0.0.0.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String folder : new String[] {"keycloak-0.0.0/", "keycloak-0.0.0/bin/", "keycloak-0.0.0/lib/"}) {
                out.putNextEntry(new ZipEntry(folder));
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("keycloak-0.0.0/bin/kc.sh"));
            out.write(("#!/bin/sh\n" + script + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("keycloak-0.0.0/lib/quarkus-run.jar"));
            out.closeEntry();
        }
        return zip;
    }
}
