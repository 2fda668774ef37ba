package dev.groundwork.web.it;

import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.deploy.keycloak.KeycloakServer;
import dev.groundwork.web.WebApplication;
import dev.groundwork.web.cli.DataCommands;
import dev.groundwork.web.cli.Pipeline;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole workbench as {@code gw up} runs it, once per test JVM: a real Keycloak with the demo
 * realm, a real Kafka broker, the web application on H2 with the demo data (consuming training events) and
 * the outbox relay. Tests that need the trainer start its jar as a process. Stopped when the JVM exits.
 */
final class Workbench {

    private static Workbench instance;

    final Path dir;
    final URI appUrl;
    final KeycloakServer keycloak;
    final ConfigurableApplicationContext web;
    final Pipeline pipeline;
    final JdbcTemplate jdbc;

    private Workbench(Path dir, URI appUrl, KeycloakServer keycloak, ConfigurableApplicationContext web, Pipeline pipeline) {
        this.dir = dir;
        this.appUrl = appUrl;
        this.keycloak = keycloak;
        this.web = web;
        this.pipeline = pipeline;
        this.jdbc = new JdbcTemplate(web.getBean(DataSource.class));
    }

    static synchronized Workbench get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "workbench-stop"));
        }
        return instance;
    }

    private static Workbench start() {
        try {
            Path dir = Files.createTempDirectory("gw-workbench-");
            int appPort = KafkaBroker.freePort();
            URI appUrl = URI.create("http://localhost:" + appPort);
            int[] kcPorts = KeycloakServer.freePorts(2);
            long started = System.nanoTime();
            // Keycloak keeps its unpacked (and once augmented) distribution in target/ across runs.
            CompletableFuture<KeycloakServer> keycloak = CompletableFuture.supplyAsync(() -> KeycloakServer.builder()
                    .setHome(Path.of("target/keycloak").toAbsolutePath())
                    .setHttpPort(kcPorts[0])
                    .setManagementPort(kcPorts[1])
                    .optAppUrl(appUrl)
                    .optFresh(true)
                    .start());
            int kafkaPort = KafkaBroker.freePort();
            Optional<KafkaBroker> broker = Optional.of(KafkaBroker.start(
                    KafkaBroker.Config.of(dir.resolve("kafka"), kafkaPort, KafkaBroker.freePort())));
            KeycloakServer kc;
            try {
                kc = keycloak.join();
            } catch (RuntimeException e) {
                broker.ifPresent(KafkaBroker::close);
                throw e;
            }
            System.out.printf("[workbench] Keycloak ready in %d s at %s%n", kc.startupTime().toSeconds(), kc.baseUrl());
            System.setProperty("GW_DATA_DIR", dir.toString());
            ConfigurableApplicationContext web = null;
            try {
                web = WebApplication.start(
                        "--server.port=" + appPort,
                        "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/groundwork") + ";AUTO_SERVER=TRUE",
                        "--groundwork.storage.image-root=" + dir.resolve("images"),
                        "--spring.security.oauth2.client.provider.keycloak.issuer-uri=" + kc.issuerUri(),
                        "--groundwork.kafka.bootstrap-servers=" + broker.get().bootstrapServers());
                DataCommands.demo(web, Integer.getInteger("gw.workbench.scenes", 12), "test-seed", new PrintWriter(System.out, true));
                Pipeline pipeline = Pipeline.start(broker, web.getBean(DataSource.class), "workbench-it");
                System.out.printf("[workbench] app %s up %d s after start%n", appUrl, (System.nanoTime() - started) / 1_000_000_000L);
                return new Workbench(dir, appUrl, kc, web, pipeline);
            } catch (RuntimeException e) {
                // Leave nothing running for the next test class to trip over.
                if (web != null) {
                    web.close();
                }
                broker.ifPresent(KafkaBroker::close);
                kc.close();
                throw e;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void stop() {
        pipeline.close();
        web.close();
        keycloak.close();
    }

    /** The Keycloak subject of a demo user. */
    static String subjectOf(String username) {
        return dev.groundwork.web.security.DemoRealm.users().stream().filter(u -> u.username().equals(username))
                .findFirst().orElseThrow().subject();
    }
}
